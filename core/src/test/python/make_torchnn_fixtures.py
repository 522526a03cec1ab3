#!/usr/bin/python3
"""Reference fixtures for the original encoder-decoder Transformer (Vaswani et al. 2017), computed by torch.nn.

Builds small torch.nn modules with a fixed seed (post-LN, ReLU FFN, plus one pre-LN/GELU variant), spreads
every parameter away from its default, runs them in eval mode (no dropout, fast path avoided) and writes one
safetensors file per scenario into core/src/test/resources/fixtures/torchnn/, together with config.json.
The safetensors files are written by hand (struct + json); the `safetensors` package is not needed.

Usage (from the repository root):
    /usr/bin/python3 core/src/test/python/make_torchnn_fixtures.py          # (re)write the fixtures
    /usr/bin/python3 core/src/test/python/make_torchnn_fixtures.py --check  # verify the files on disk

--check writes nothing. It rebuilds every scenario in memory (same seeds), re-reads each file with the small
reader below, and asserts that
  * the file holds exactly the expected keys, dtypes and shapes, and every tensor round-trips bit for bit;
  * torch.nn modules loaded from the stored parameters reproduce the stored outputs;
  * an independent, hand-written float64 implementation of the same math (only matmul, softmax, layer norm,
    relu/erf) reproduces the stored outputs on the real (mask == 1) positions;
and prints max |out| per output so it is visible that the outputs are non-trivial.
"""

import argparse
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

D_MODEL = 32
NHEAD = 4
DIM_FF = 64
NUM_LAYERS = 2
EPS = 1e-5
VOCAB = 50
PAD_ID = 0
BATCH = 3
SRC_LEN = 7
TGT_LEN = 5
SRC_LENGTHS = [7, 5, 3]
TGT_LENGTHS = [5, 4, 2]
PE_POSITIONS = 64

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.normpath(os.path.join(HERE, "..", "resources", "fixtures", "torchnn"))

# ----------------------------------------------------------------------------------------------------------
# safetensors writer / reader (F32 and I64 only)
# ----------------------------------------------------------------------------------------------------------

_DTYPES = {torch.float32: ("F32", 4), torch.int64: ("I64", 8)}
_FROM_CODE = {"F32": (torch.float32, "<f", 4), "I64": (torch.int64, "<q", 8)}


def _to_le_bytes(t):
    code, _ = _DTYPES[t.dtype]
    flat = t.detach().contiguous().reshape(-1).tolist()
    fmt = "<%d%s" % (len(flat), "f" if code == "F32" else "q")
    return struct.pack(fmt, *flat)


def write_safetensors(path, tensors):
    """8-byte LE header length, compact JSON header (keys sorted, data in the same order), spaces to 8."""
    header = {}
    blobs = []
    offset = 0
    for key in sorted(tensors):
        t = tensors[key]
        if t.dtype not in _DTYPES:
            raise TypeError("%s: unsupported dtype %s" % (key, t.dtype))
        data = _to_le_bytes(t)
        header[key] = {"dtype": _DTYPES[t.dtype][0], "shape": list(t.shape),
                       "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    hdr = json.dumps(header, separators=(",", ":"), sort_keys=True).encode("utf-8")
    hdr += b" " * ((8 - len(hdr) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hdr)))
        f.write(hdr)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    """Returns {key: tensor}; validates header length, offsets (contiguous, in bounds) and sizes."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    assert n % 8 == 0, "header length %d not a multiple of 8" % n
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    out = {}
    spans = []
    for key, meta in header.items():
        if key == "__metadata__":
            continue
        dtype, fmt, size = _FROM_CODE[meta["dtype"]]
        begin, end = meta["data_offsets"]
        count = 1
        for s in meta["shape"]:
            count *= s
        assert end - begin == count * size, "%s: size mismatch" % key
        assert 0 <= begin <= end <= len(data), "%s: offsets out of range" % key
        spans.append((begin, end))
        vals = struct.unpack("<%d%s" % (count, fmt[1]), data[begin:end])
        out[key] = torch.tensor(vals, dtype=dtype).reshape(meta["shape"])
    spans.sort()
    pos = 0
    for b, e in spans:
        assert b == pos, "gap/overlap in data section"
        pos = e
    assert pos == len(data), "trailing bytes in data section"
    return out


# ----------------------------------------------------------------------------------------------------------
# building blocks
# ----------------------------------------------------------------------------------------------------------

def spread_params(module, gen):
    """Every weight/bias ~ 0.12*randn; LayerNorm weights ~ 1 + 0.2*randn (their biases 0.12*randn)."""
    with torch.no_grad():
        ln_weights = set()
        for m in module.modules():
            if isinstance(m, nn.LayerNorm):
                ln_weights.add(id(m.weight))
        for name, p in module.named_parameters():
            noise = torch.randn(p.shape, generator=gen)
            if id(p) in ln_weights:
                p.copy_(1.0 + 0.2 * noise)
            else:
                p.copy_(0.12 * noise)


def length_mask(lengths, max_len):
    """I64 (B, T): 1 = real token, 0 = pad (right padded)."""
    m = torch.zeros(len(lengths), max_len, dtype=torch.int64)
    for i, n in enumerate(lengths):
        m[i, :n] = 1
    return m


def sinusoidal_table(positions, d_model):
    """PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(pos / 10000^(2i/d)); computed in float64."""
    pos = torch.arange(positions, dtype=torch.float64).unsqueeze(1)
    two_i = torch.arange(0, d_model, 2, dtype=torch.float64)
    angle = pos / torch.pow(torch.tensor(10000.0, dtype=torch.float64), two_i / d_model)
    pe = torch.zeros(positions, d_model, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle)
    return pe.to(torch.float32)


def run_no_fastpath(fn):
    """torch's fast path (native fused encoder layer / nested tensors / fused MHA) is only taken when grad is
    disabled or no argument requires grad; running with grad enabled and parameters requiring grad forces the
    plain, documented math path, which computes padded rows normally."""
    with torch.enable_grad():
        out = fn()
    if isinstance(out, tuple):
        return tuple(o.detach() for o in out)
    return out.detach()


def params(module, prefix=""):
    return {prefix + k: v.detach().clone() for k, v in module.state_dict().items()}


def new_transformer():
    model = nn.Transformer(d_model=D_MODEL, nhead=NHEAD, num_encoder_layers=NUM_LAYERS,
                           num_decoder_layers=NUM_LAYERS, dim_feedforward=DIM_FF, dropout=0.1,
                           activation="relu", layer_norm_eps=EPS, batch_first=True, norm_first=False)
    model.encoder.enable_nested_tensor = False
    return model


# ----------------------------------------------------------------------------------------------------------
# scenarios: each returns (tensors to store, modules by name for --check)
# ----------------------------------------------------------------------------------------------------------

def scenario_encoder_layer(norm_first, activation, seed):
    gen = torch.Generator().manual_seed(seed)
    layer = nn.TransformerEncoderLayer(d_model=D_MODEL, nhead=NHEAD, dim_feedforward=DIM_FF, dropout=0.1,
                                       activation=activation, layer_norm_eps=EPS, batch_first=True,
                                       norm_first=norm_first)
    spread_params(layer, gen)
    layer.eval()
    src = torch.randn(BATCH, SRC_LEN, D_MODEL, generator=gen)
    attention_mask = length_mask(SRC_LENGTHS, SRC_LEN)
    out = run_no_fastpath(lambda: layer(src, src_key_padding_mask=(attention_mask == 0)))
    t = params(layer)
    t.update(src=src, attention_mask=attention_mask, out=out)
    return t


def scenario_decoder_layer(seed):
    gen = torch.Generator().manual_seed(seed)
    layer = nn.TransformerDecoderLayer(D_MODEL, NHEAD, DIM_FF, dropout=0.1, activation="relu",
                                       layer_norm_eps=EPS, batch_first=True, norm_first=False)
    spread_params(layer, gen)
    layer.eval()
    tgt = torch.randn(BATCH, TGT_LEN, D_MODEL, generator=gen)
    memory = torch.randn(BATCH, SRC_LEN, D_MODEL, generator=gen)
    tgt_attention_mask = length_mask(TGT_LENGTHS, TGT_LEN)
    memory_attention_mask = length_mask(SRC_LENGTHS, SRC_LEN)
    causal = nn.Transformer.generate_square_subsequent_mask(TGT_LEN)
    out = run_no_fastpath(lambda: layer(tgt, memory, tgt_mask=causal,
                                        tgt_key_padding_mask=(tgt_attention_mask == 0),
                                        memory_key_padding_mask=(memory_attention_mask == 0)))
    t = params(layer)
    t.update(tgt=tgt, memory=memory, tgt_attention_mask=tgt_attention_mask,
             memory_attention_mask=memory_attention_mask, out=out)
    return t


def _run_transformer(model, src, tgt, src_attention_mask, tgt_attention_mask):
    src_kpm = src_attention_mask == 0
    tgt_kpm = tgt_attention_mask == 0
    causal = nn.Transformer.generate_square_subsequent_mask(tgt.shape[1])

    def fn():
        memory = model.encoder(src, src_key_padding_mask=src_kpm)
        out = model.decoder(tgt, memory, tgt_mask=causal, tgt_key_padding_mask=tgt_kpm,
                            memory_key_padding_mask=src_kpm)
        full = model(src, tgt, tgt_mask=causal, src_key_padding_mask=src_kpm,
                     tgt_key_padding_mask=tgt_kpm, memory_key_padding_mask=src_kpm)
        return memory, out, full

    memory, out, full = run_no_fastpath(fn)
    # model(...) must be exactly encoder-then-decoder as run above
    assert torch.equal(out, full), "nn.Transformer.forward differs from encoder+decoder"
    return memory, out


def scenario_transformer(seed):
    gen = torch.Generator().manual_seed(seed)
    model = new_transformer()
    spread_params(model, gen)
    model.eval()
    src = torch.randn(BATCH, SRC_LEN, D_MODEL, generator=gen)
    tgt = torch.randn(BATCH, TGT_LEN, D_MODEL, generator=gen)
    src_attention_mask = length_mask(SRC_LENGTHS, SRC_LEN)
    tgt_attention_mask = length_mask(TGT_LENGTHS, TGT_LEN)
    memory, out = _run_transformer(model, src, tgt, src_attention_mask, tgt_attention_mask)
    t = params(model)
    t.update(src=src, tgt=tgt, src_attention_mask=src_attention_mask,
             tgt_attention_mask=tgt_attention_mask, memory=memory, out=out)
    return t


class TokenTransformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.src_embed = nn.Embedding(VOCAB, D_MODEL)
        self.tgt_embed = nn.Embedding(VOCAB, D_MODEL)
        self.transformer = new_transformer()
        self.generator = nn.Linear(D_MODEL, VOCAB)
        self.register_buffer("pe", sinusoidal_table(PE_POSITIONS, D_MODEL), persistent=False)

    def embed(self, table, ids):
        return table(ids) * math.sqrt(D_MODEL) + self.pe[: ids.shape[1]].unsqueeze(0)


def scenario_transformer_tokens(seed):
    gen = torch.Generator().manual_seed(seed)
    model = TokenTransformer()
    spread_params(model, gen)
    model.eval()
    src_attention_mask = length_mask(SRC_LENGTHS, SRC_LEN)
    tgt_attention_mask = length_mask(TGT_LENGTHS, TGT_LEN)
    src_ids = torch.randint(1, VOCAB, (BATCH, SRC_LEN), generator=gen) * src_attention_mask
    tgt_ids = torch.randint(1, VOCAB, (BATCH, TGT_LEN), generator=gen) * tgt_attention_mask
    src_in = run_no_fastpath(lambda: model.embed(model.src_embed, src_ids))
    tgt_in = run_no_fastpath(lambda: model.embed(model.tgt_embed, tgt_ids))
    memory, out = _run_transformer(model.transformer, src_in, tgt_in, src_attention_mask, tgt_attention_mask)
    logits = run_no_fastpath(lambda: model.generator(out))
    t = params(model)
    assert "pe" not in t
    t.update(src_ids=src_ids, tgt_ids=tgt_ids, src_attention_mask=src_attention_mask,
             tgt_attention_mask=tgt_attention_mask, pe=model.pe.clone(),
             src_embedded=src_in, tgt_embedded=tgt_in, memory=memory, decoder_out=out, logits=logits)
    return t


SCENARIOS = {
    "encoder_layer": lambda: scenario_encoder_layer(norm_first=False, activation="relu", seed=1001),
    "encoder_layer_prenorm": lambda: scenario_encoder_layer(norm_first=True, activation="gelu", seed=1002),
    "decoder_layer": lambda: scenario_decoder_layer(seed=1003),
    "transformer": lambda: scenario_transformer(seed=1004),
    "transformer_tokens": lambda: scenario_transformer_tokens(seed=1005),
}

# ----------------------------------------------------------------------------------------------------------
# independent float64 reference (used by --check): the paper's math written out, reading stored tensors only
# ----------------------------------------------------------------------------------------------------------


def _d(t):
    return t.to(torch.float64)


def ref_layer_norm(x, w, b):
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)
    return (x - mu) / torch.sqrt(var + EPS) * _d(w) + _d(b)


def ref_linear(x, w, b):
    return x @ _d(w).t() + _d(b)


def ref_mha(p, prefix, q_in, kv_in, key_real, causal):
    """in_proj_weight rows [0:d) = Wq, [d:2d) = Wk, [2d:3d) = Wv; heads split the d columns in NHEAD chunks."""
    w = p[prefix + "in_proj_weight"]
    b = p[prefix + "in_proj_bias"]
    d = D_MODEL
    q = ref_linear(q_in, w[:d], b[:d])
    k = ref_linear(kv_in, w[d:2 * d], b[d:2 * d])
    v = ref_linear(kv_in, w[2 * d:], b[2 * d:])
    B, Tq, _ = q.shape
    Tk = k.shape[1]
    hd = d // NHEAD
    q = q.reshape(B, Tq, NHEAD, hd).transpose(1, 2)
    k = k.reshape(B, Tk, NHEAD, hd).transpose(1, 2)
    v = v.reshape(B, Tk, NHEAD, hd).transpose(1, 2)
    scores = q @ k.transpose(-1, -2) / math.sqrt(hd)
    allowed = (key_real != 0)[:, None, None, :].expand(B, NHEAD, Tq, Tk)
    if causal:
        allowed = allowed & torch.ones(Tq, Tk, dtype=torch.bool).tril()
    scores = scores.masked_fill(~allowed, float("-inf"))
    ctx = torch.softmax(scores, dim=-1) @ v
    ctx = ctx.transpose(1, 2).reshape(B, Tq, d)
    return ref_linear(ctx, p[prefix + "out_proj.weight"], p[prefix + "out_proj.bias"])


def ref_ffn(p, prefix, x, activation):
    h = ref_linear(x, p[prefix + "linear1.weight"], p[prefix + "linear1.bias"])
    h = torch.relu(h) if activation == "relu" else 0.5 * h * (1.0 + torch.erf(h / math.sqrt(2.0)))
    return ref_linear(h, p[prefix + "linear2.weight"], p[prefix + "linear2.bias"])


def ref_encoder_layer(p, prefix, x, mask, norm_first=False, activation="relu"):
    ln = lambda i, y: ref_layer_norm(y, p[prefix + "norm%d.weight" % i], p[prefix + "norm%d.bias" % i])
    if norm_first:
        h = ln(1, x)
        x = x + ref_mha(p, prefix + "self_attn.", h, h, mask, False)
        return x + ref_ffn(p, prefix, ln(2, x), activation)
    x = ln(1, x + ref_mha(p, prefix + "self_attn.", x, x, mask, False))
    return ln(2, x + ref_ffn(p, prefix, x, activation))


def ref_decoder_layer(p, prefix, x, mem, tgt_mask, mem_mask):
    ln = lambda i, y: ref_layer_norm(y, p[prefix + "norm%d.weight" % i], p[prefix + "norm%d.bias" % i])
    x = ln(1, x + ref_mha(p, prefix + "self_attn.", x, x, tgt_mask, True))
    x = ln(2, x + ref_mha(p, prefix + "multihead_attn.", x, mem, mem_mask, False))
    return ln(3, x + ref_ffn(p, prefix, x, "relu"))


def ref_transformer(p, prefix, src, tgt, src_mask, tgt_mask):
    x = src
    for i in range(NUM_LAYERS):
        x = ref_encoder_layer(p, prefix + "encoder.layers.%d." % i, x, src_mask)
    mem = ref_layer_norm(x, p[prefix + "encoder.norm.weight"], p[prefix + "encoder.norm.bias"])
    y = tgt
    for i in range(NUM_LAYERS):
        y = ref_decoder_layer(p, prefix + "decoder.layers.%d." % i, y, mem, tgt_mask, src_mask)
    y = ref_layer_norm(y, p[prefix + "decoder.norm.weight"], p[prefix + "decoder.norm.bias"])
    return mem, y


def ref_outputs(name, p):
    """Returns {output key: (float64 reference, I64 mask of rows to compare)}."""
    if name in ("encoder_layer", "encoder_layer_prenorm"):
        pre = name == "encoder_layer_prenorm"
        out = ref_encoder_layer(p, "", _d(p["src"]), p["attention_mask"], norm_first=pre,
                                activation="gelu" if pre else "relu")
        return {"out": (out, p["attention_mask"])}
    if name == "decoder_layer":
        out = ref_decoder_layer(p, "", _d(p["tgt"]), _d(p["memory"]), p["tgt_attention_mask"],
                                p["memory_attention_mask"])
        return {"out": (out, p["tgt_attention_mask"])}
    if name == "transformer":
        mem, out = ref_transformer(p, "", _d(p["src"]), _d(p["tgt"]), p["src_attention_mask"],
                                   p["tgt_attention_mask"])
        return {"memory": (mem, p["src_attention_mask"]), "out": (out, p["tgt_attention_mask"])}
    if name == "transformer_tokens":
        pe = sinusoidal_table(PE_POSITIONS, D_MODEL)  # recomputed, compared to the stored one
        pe64 = torch.zeros(PE_POSITIONS, D_MODEL, dtype=torch.float64)
        for pos in range(PE_POSITIONS):
            for i in range(0, D_MODEL, 2):
                a = pos / (10000.0 ** (i / D_MODEL))
                pe64[pos, i] = math.sin(a)
                pe64[pos, i + 1] = math.cos(a)
        assert torch.equal(pe, p["pe"])
        src = _d(p["src_embed.weight"])[p["src_ids"]] * math.sqrt(D_MODEL) + pe64[:SRC_LEN]
        tgt = _d(p["tgt_embed.weight"])[p["tgt_ids"]] * math.sqrt(D_MODEL) + pe64[:TGT_LEN]
        mem, out = ref_transformer(p, "transformer.", src, tgt, p["src_attention_mask"], p["tgt_attention_mask"])
        logits = ref_linear(out, p["generator.weight"], p["generator.bias"])
        all_pe = torch.ones(1, PE_POSITIONS, dtype=torch.int64)
        return {"pe": (pe64.unsqueeze(0), all_pe),
                "src_embedded": (src, p["src_attention_mask"]), "tgt_embedded": (tgt, p["tgt_attention_mask"]),
                "memory": (mem, p["src_attention_mask"]), "decoder_out": (out, p["tgt_attention_mask"]),
                "logits": (logits, p["tgt_attention_mask"])}
    raise KeyError(name)


def reload_and_rerun(name, p):
    """Loads the stored parameters into fresh torch.nn modules and reruns them on the stored inputs."""
    def load(module, prefix=""):
        sd = {k[len(prefix):]: v for k, v in p.items() if k.startswith(prefix)}
        sd = {k: v for k, v in sd.items() if k in module.state_dict()}
        module.load_state_dict(sd, strict=True)
        module.eval()
        return module

    if name in ("encoder_layer", "encoder_layer_prenorm"):
        pre = name == "encoder_layer_prenorm"
        layer = load(nn.TransformerEncoderLayer(D_MODEL, NHEAD, DIM_FF, activation="gelu" if pre else "relu",
                                                layer_norm_eps=EPS, batch_first=True, norm_first=pre))
        return {"out": run_no_fastpath(lambda: layer(p["src"], src_key_padding_mask=p["attention_mask"] == 0))}
    if name == "decoder_layer":
        layer = load(nn.TransformerDecoderLayer(D_MODEL, NHEAD, DIM_FF, activation="relu", layer_norm_eps=EPS,
                                                batch_first=True))
        causal = nn.Transformer.generate_square_subsequent_mask(TGT_LEN)
        return {"out": run_no_fastpath(lambda: layer(p["tgt"], p["memory"], tgt_mask=causal,
                                                     tgt_key_padding_mask=p["tgt_attention_mask"] == 0,
                                                     memory_key_padding_mask=p["memory_attention_mask"] == 0))}
    if name == "transformer":
        model = load(new_transformer())
        mem, out = _run_transformer(model, p["src"], p["tgt"], p["src_attention_mask"], p["tgt_attention_mask"])
        return {"memory": mem, "out": out}
    if name == "transformer_tokens":
        model = TokenTransformer()
        load(model)
        src = run_no_fastpath(lambda: model.embed(model.src_embed, p["src_ids"]))
        tgt = run_no_fastpath(lambda: model.embed(model.tgt_embed, p["tgt_ids"]))
        mem, out = _run_transformer(model.transformer, src, tgt, p["src_attention_mask"], p["tgt_attention_mask"])
        return {"memory": mem, "decoder_out": out, "logits": run_no_fastpath(lambda: model.generator(out))}
    raise KeyError(name)


def masked_max_diff(a, b, mask):
    rows = (mask != 0).unsqueeze(-1).expand_as(a)
    return (_d(a) - _d(b)).abs()[rows].max().item()


# ----------------------------------------------------------------------------------------------------------


def config():
    return {
        "model": "torch.nn.Transformer (Vaswani et al. 2017), batch_first=True",
        "torch_version": torch.__version__,
        "d_model": D_MODEL,
        "nhead": NHEAD,
        "head_dim": D_MODEL // NHEAD,
        "dim_feedforward": DIM_FF,
        "num_encoder_layers": NUM_LAYERS,
        "num_decoder_layers": NUM_LAYERS,
        "layer_norm_eps": EPS,
        "activation": "relu",
        "activation_encoder_layer_prenorm": "gelu (exact, erf)",
        "norm_first": False,
        "norm_first_encoder_layer_prenorm": True,
        "vocab_size": VOCAB,
        "pad_token_id": PAD_ID,
        "embedding_scale": "sqrt(d_model)",
        "pe_positions": PE_POSITIONS,
        "batch": BATCH,
        "src_len": SRC_LEN,
        "tgt_len": TGT_LEN,
        "src_lengths": SRC_LENGTHS,
        "tgt_lengths": TGT_LENGTHS,
        "dtype": "float32",
        "seeds": {"encoder_layer": 1001, "encoder_layer_prenorm": 1002, "decoder_layer": 1003,
                  "transformer": 1004, "transformer_tokens": 1005},
    }


def generate():
    os.makedirs(OUT_DIR, exist_ok=True)
    for name, build in SCENARIOS.items():
        tensors = build()
        path = os.path.join(OUT_DIR, name + ".safetensors")
        write_safetensors(path, tensors)
        print("wrote %-60s %7d bytes, %d tensors" % (os.path.relpath(path), os.path.getsize(path), len(tensors)))
    path = os.path.join(OUT_DIR, "config.json")
    with open(path, "w") as f:
        json.dump(config(), f, indent=2)
        f.write("\n")
    print("wrote %s" % os.path.relpath(path))


def check():
    ok = True
    for name, build in SCENARIOS.items():
        path = os.path.join(OUT_DIR, name + ".safetensors")
        expected = build()
        stored = read_safetensors(path)
        size = os.path.getsize(path)
        print("== %s (%d bytes, %d tensors)" % (name, size, len(stored)))
        if size >= 300 * 1024:
            print("  FAIL: file larger than 300 KB"); ok = False
        if set(expected) != set(stored):
            print("  FAIL: keys differ: missing %s, extra %s" % (sorted(set(expected) - set(stored)),
                                                                  sorted(set(stored) - set(expected))))
            ok = False
            continue
        # write -> read round trip, and regeneration is bit-identical
        for k in sorted(expected):
            e, s = expected[k], stored[k]
            if e.dtype != s.dtype or tuple(e.shape) != tuple(s.shape) or not torch.equal(e, s):
                print("  FAIL: %s differs (dtype %s/%s, shape %s/%s)" % (k, e.dtype, s.dtype, tuple(e.shape),
                                                                         tuple(s.shape)))
                ok = False
        print("  round trip: all %d tensors identical to a fresh in-memory regeneration" % len(stored))
        # torch.nn modules rebuilt from the stored parameters
        for k, v in reload_and_rerun(name, stored).items():
            diff = (v - stored[k]).abs().max().item()
            print("  torch.nn reload  %-13s max|diff| %.2e" % (k, diff))
            if diff > 1e-6:
                ok = False; print("  FAIL")
        # hand-written float64 reference on the real positions
        for k, (ref, mask) in ref_outputs(name, stored).items():
            diff = masked_max_diff(ref, stored[k], mask)
            print("  f64 reference    %-13s max|diff| %.2e (real positions)   max|%s| %.4f   shape %s"
                  % (k, diff, k, stored[k].abs().max().item(), tuple(stored[k].shape)))
            if diff > 1e-5:
                ok = False; print("  FAIL")
    cfg_path = os.path.join(OUT_DIR, "config.json")
    with open(cfg_path) as f:
        if json.load(f) != config():
            print("FAIL: config.json differs from the script's config"); ok = False
    print("OK" if ok else "FAILED")
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="verify the files on disk; write nothing")
    args = ap.parse_args()
    torch.set_num_threads(1)  # bit-reproducible regeneration
    if args.check:
        sys.exit(0 if check() else 1)
    generate()


if __name__ == "__main__":
    main()
