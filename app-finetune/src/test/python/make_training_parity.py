"""Training parity fixture: 20 steps of full fine-tuning and 20 steps of LoRA of a tiny BERT with
torch.optim.AdamW, from the same initial weights and batches.

The BERT and LoraLinear math is copied from ../../../../../shared/bench/torch_anchor.py (our shared
reference). Writes into ../resources/parity/: config.json + model.safetensors (initial weights, HF key
names bert.* / classifier.*), batches.safetensors (20 fixed batches: input_ids, attention_mask,
token_type_ids, labels as b{i}.*), losses.json (full fine-tuning: the loss of every step, before its
update, and the gradient norm), lora_init.safetensors (LoRA's A at the start, PEFT's key names without
the base_model.model. prefix; B starts at zero) and lora_losses.json (the LoRA run's trace).

LoRA as torch_anchor.py places it: rank 8, alpha 16, on query and value, no dropout (so the run is
deterministic), every other parameter frozen, the classifier included.

Setup (Debian): apt-get install -y python3-torch; run with /usr/bin/python3 (torch 1.13).
usage: /usr/bin/python3 make_training_parity.py [--out DIR]
"""
import argparse, copy, json, math, os, struct
import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB, H, LAYERS, HEADS, INTER, SEQ, BATCH, LABELS, STEPS = 100, 32, 2, 2, 64, 16, 4, 3, 20
LR, WD, WARMUP, CLIP = 1e-3, 0.01, 5, 1.0
LORA_R, LORA_ALPHA = 8, 16


class BertLayer(nn.Module):  # torch_anchor.py
    def __init__(self, h, heads, inter, eps):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)
        self.attn_out, self.ln1 = nn.Linear(h, h), nn.LayerNorm(h, eps=eps)
        self.inter, self.out, self.ln2 = nn.Linear(h, inter), nn.Linear(inter, h), nn.LayerNorm(h, eps=eps)

    def forward(self, x, add_mask):
        B, T, Hd = x.shape
        split = lambda t: t.view(B, T, self.heads, Hd // self.heads).transpose(1, 2)  # (B, nh, T, hd)
        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(Hd // self.heads) + add_mask
        ctx = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, T, Hd)
        x = self.ln1(x + self.attn_out(ctx))
        return self.ln2(x + self.out(F.gelu(self.inter(x))))


class LoraLinear(nn.Module):  # torch_anchor.py; A is given so that Graft can start from it too
    """y = W x + b + (alpha/r) * B A x; W frozen, B starts at zero."""
    def __init__(self, base, a, alpha):
        super().__init__()
        self.base, self.scale = base, alpha / a.shape[0]
        self.A = nn.Parameter(a.clone())
        self.B = nn.Parameter(torch.zeros(base.out_features, a.shape[0]))

    def forward(self, x):
        return self.base(x) + (x @ self.A.t() @ self.B.t()) * self.scale


class Bert(nn.Module):  # torch_anchor.py, dropout 0
    def __init__(self, vocab, h, layers, heads, inter, max_pos=64, types=2, labels=3, eps=1e-12):
        super().__init__()
        self.word, self.pos, self.tok_type = nn.Embedding(vocab, h), nn.Embedding(max_pos, h), nn.Embedding(types, h)
        self.ln = nn.LayerNorm(h, eps=eps)
        self.layers = nn.ModuleList(BertLayer(h, heads, inter, eps) for _ in range(layers))
        self.pooler, self.classifier = nn.Linear(h, h), nn.Linear(h, labels)

    def forward(self, ids, mask, types):
        T = ids.shape[1]
        x = self.ln(self.word(ids) + self.pos(torch.arange(T))[None] + self.tok_type(types))
        add = (1.0 - mask[:, None, None, :].float()) * -10000.0
        for layer in self.layers:
            x = layer(x, add)
        return self.classifier(torch.tanh(self.pooler(x[:, 0])))

    def hf_state(self):
        """Our names -> HF names (the inverse of torch_anchor.Bert.load_hf)."""
        m = {"word.weight": "embeddings.word_embeddings.weight", "pos.weight": "embeddings.position_embeddings.weight",
             "tok_type.weight": "embeddings.token_type_embeddings.weight", "ln.weight": "embeddings.LayerNorm.weight",
             "ln.bias": "embeddings.LayerNorm.bias", "pooler.weight": "pooler.dense.weight", "pooler.bias": "pooler.dense.bias"}
        per = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
               "attn_out": "attention.output.dense", "ln1": "attention.output.LayerNorm", "inter": "intermediate.dense",
               "out": "output.dense", "ln2": "output.LayerNorm"}
        for i in range(len(self.layers)):
            for ours, theirs in per.items():
                for wb in ("weight", "bias"):
                    m[f"layers.{i}.{ours}.{wb}"] = f"encoder.layer.{i}.{theirs}.{wb}"
        sd = self.state_dict()
        out = {"bert." + v: sd[k] for k, v in m.items()}
        out["classifier.weight"], out["classifier.bias"] = sd["classifier.weight"], sd["classifier.bias"]
        return out


def write_safetensors(path, tensors):
    kinds = {torch.float32: "F32", torch.int64: "I64"}
    header, blobs, off = {}, [], 0
    for k in sorted(tensors):
        t = tensors[k].contiguous()
        b = t.numpy().tobytes()
        header[k] = {"dtype": kinds[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def config():
    return {"model_type": "bert", "architectures": ["BertForSequenceClassification"], "vocab_size": VOCAB,
            "hidden_size": H, "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "intermediate_size": INTER,
            "hidden_act": "gelu", "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0,
            "max_position_embeddings": 64, "type_vocab_size": 2, "layer_norm_eps": 1e-12, "pad_token_id": 0,
            "id2label": {"0": "entailment", "1": "neutral", "2": "contradiction"},
            "label2id": {"entailment": 0, "neutral": 1, "contradiction": 2}}


def batches(gen):
    out = []
    for _ in range(STEPS):
        lengths = torch.randint(6, SEQ + 1, (BATCH,), generator=gen)
        lengths[0] = SEQ  # every batch padded to SEQ
        ids = torch.randint(5, VOCAB, (BATCH, SEQ), generator=gen)
        mask = (torch.arange(SEQ)[None] < lengths[:, None]).long()
        ids = ids * mask  # pad id 0
        ids[:, 0] = 2  # [CLS]
        split = lengths // 2
        types = ((torch.arange(SEQ)[None] >= split[:, None]) & (mask == 1)).long()
        labels = torch.randint(0, LABELS, (BATCH,), generator=gen)
        out.append((ids, mask, types, labels))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "resources", "parity"))
    args = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = Bert(VOCAB, H, LAYERS, HEADS, INTER)
    with torch.no_grad():  # matrices N(0, 0.2): ten times HF's 0.02, so a 2-layer model's loss moves visibly
        for n, p in model.named_parameters():
            if p.dim() >= 2:
                p.normal_(0, 0.2)
    os.makedirs(args.out, exist_ok=True)
    write_safetensors(os.path.join(args.out, "model.safetensors"), model.hf_state())
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config(), f, indent=2)
    data = batches(torch.Generator().manual_seed(1))
    write_safetensors(os.path.join(args.out, "batches.safetensors"),
                      {f"b{i}.{k}": t for i, b in enumerate(data)
                       for k, t in zip(("input_ids", "attention_mask", "token_type_ids", "labels"), b)})

    initial = copy.deepcopy(model)
    losses, norms = train(model, data)
    with open(os.path.join(args.out, "losses.json"), "w") as f:
        json.dump({"torch": torch.__version__, "lr": LR, "weight_decay": WD, "warmup": WARMUP, "clip_norm": CLIP,
                   "steps": STEPS, "losses": losses, "grad_norms": norms}, f, indent=2)
    print(json.dumps({"full": [round(l, 5) for l in losses]}))

    model, init = with_lora(initial, torch.Generator().manual_seed(2))
    write_safetensors(os.path.join(args.out, "lora_init.safetensors"), init)
    losses, norms = train(model, data)
    with open(os.path.join(args.out, "lora_losses.json"), "w") as f:
        json.dump({"torch": torch.__version__, "lr": LR, "weight_decay": WD, "warmup": WARMUP, "clip_norm": CLIP,
                   "steps": STEPS, "rank": LORA_R, "alpha": LORA_ALPHA, "dropout": 0.0, "targets": ["query", "value"],
                   "losses": losses, "grad_norms": norms}, f, indent=2)
    print(json.dumps({"lora": [round(l, 5) for l in losses]}))


def with_lora(model, gen):
    """Freezes everything, wraps query and value with LoRA (A as torch_anchor.py draws it, from gen);
    returns the model and A by PEFT's names."""
    for p in model.parameters():
        p.requires_grad = False
    init = {}
    for i, layer in enumerate(model.layers):
        for name in ("query", "value"):
            base = getattr(layer, name)
            a = torch.randn(LORA_R, base.in_features, generator=gen) / math.sqrt(base.in_features)
            setattr(layer, name, LoraLinear(base, a, LORA_ALPHA))
            init[f"bert.encoder.layer.{i}.attention.self.{name}.lora_A.weight"] = a
    return model, init


def train(model, data):
    """STEPS of AdamW (decay on matrices only), warmup then linear decay, global-norm clipping; the loss
    before each update and the gradient norm before clipping."""
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    decay = [p for n, p in named if p.dim() >= 2]
    no_decay = [p for n, p in named if p.dim() < 2]  # biases and LayerNorm
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": WD}, {"params": no_decay, "weight_decay": 0.0}], lr=LR)
    sched = torch.optim.lr_scheduler.LambdaLR(  # transformers.get_linear_schedule_with_warmup
        opt, lambda s: s / max(1, WARMUP) if s < WARMUP else max(0.0, (STEPS - s) / max(1, STEPS - WARMUP)))
    losses, norms = [], []
    for ids, mask, types, labels in data:
        loss = F.cross_entropy(model(ids, mask, types), labels)
        opt.zero_grad()
        loss.backward()
        norms.append(float(torch.nn.utils.clip_grad_norm_([p for n, p in named], CLIP)))
        opt.step()
        sched.step()
        losses.append(loss.item())
    return losses, norms


if __name__ == "__main__":
    main()
