package dev.graft.core.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.config.JsonConfig;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.engine.OutOfMemory;
import dev.graft.core.generate.GenerationConfig;
import dev.graft.core.generate.GenerationRequest;
import dev.graft.core.generate.Generator;
import dev.graft.core.generate.TokenListener;
import dev.graft.core.model.bert.BertConfig;
import dev.graft.core.model.encoder.EncoderTask;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.model.gpt2.Gpt2Config;
import dev.graft.core.model.gpt2.Gpt2Decoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.peft.TrainableParameters;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * {@code graft bench}: throughput of our models on a given shape, as one JSON object. Random weights
 * (the speed does not depend on them) with the vocabularies of the published models, as the torch
 * anchor uses. The training modes are in {@link TrainingBench}.
 */
public final class Bench {
    static final int BERT_VOCAB = 30522;
    static final int GPT2_VOCAB = 50257;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Bench() {}

    public static ObjectNode run(BenchRequest r) {
        Device device = GraftEngine.resolve(r.device());
        JniUtils.setNumThreads(r.threads());
        Engine.getInstance().setRandomSeed(0);
        ObjectNode out = JSON.createObjectNode();
        out.put("engine", "graft djl-pytorch " + Engine.getInstance().getVersion());
        out.put("device", device.toString());
        out.put("arch", r.arch()).put("mode", r.mode()).put("layers", r.layers()).put("hidden", r.hidden())
                .put("heads", r.heads()).put("inter", r.intermediate()).put("threads", r.threads());
        // The anchor inherits our environment; libgomp reads this at start (see bin/graft).
        out.put("omp_wait_policy", System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"));
        try {
            if (r.mode().equals("generate")) {
                generate(r, device, out);
            } else {
                out.put("seq", r.seqLength()).put("batch", r.batch()).put("steps", r.steps())
                        .put("vocab", r.arch().equals("bert") ? BERT_VOCAB : GPT2_VOCAB);
                if (r.training()) {
                    TrainingBench.run(r, device, out);
                } else {
                    infer(r, device, out);
                }
            }
        } catch (EngineException e) {
            String shape = " --hidden " + r.hidden() + " --heads " + r.heads() + " --layers " + r.layers();
            boolean generate = r.mode().equals("generate");
            throw OutOfMemory.explain(e, device, generate
                    ? "generation of --new-tokens " + r.newTokens() + " at --batch " + r.batch() + shape
                    : "the shape --batch " + r.batch() + " --seq " + r.seqLength() + shape,
                    generate ? "lower --new-tokens or --batch" : "lower --seq or --batch");
        }
        if (r.anchorScript() != null) {
            TorchAnchor.compare(r, out);
        }
        return out;
    }

    /** Batched forward passes; trainable_params counts every parameter, as the anchor's does in this mode. */
    private static void infer(BenchRequest r, Device device, ObjectNode out) {
        long[] ids = new Random(0).longs((long) r.batch() * r.seqLength(), 0, 30000).toArray();
        Shape shape = new Shape(r.batch(), r.seqLength());
        double seconds;
        if (r.arch().equals("bert")) {
            try (PretrainedEncoder bert = PretrainedEncoder.create(bertConfig(r), EncoderTask.SEQUENCE_CLASSIFICATION, device)) {
                out.put("trainable_params", TrainableParameters.of(bert.model()).total());
                seconds = time(r.steps(), () -> {
                    try (NDManager m = bert.manager().newSubManager()) {
                        NDArray x = m.create(ids, shape);
                        bert.forward(x, x.onesLike(), null).logits().toFloatArray();
                    }
                });
            }
        } else {
            try (PretrainedGpt2 gpt2 = PretrainedGpt2.create(gpt2Config(r), device)) {
                out.put("trainable_params", TrainableParameters.of(gpt2.model()).total());
                seconds = time(r.steps(), () -> {
                    try (NDManager m = gpt2.manager().newSubManager()) {
                        NDArray x = m.create(ids, shape);
                        gpt2.forward(x, x.onesLike()).logits().toType(DataType.FLOAT32, false).max().getFloat();
                    }
                });
            }
        }
        out.put("seq_per_s", round(r.batch() / seconds));
        out.put("tokens_per_s", round((double) r.batch() * r.seqLength() / seconds));
    }

    private static void generate(BenchRequest r, Device device, ObjectNode out) {
        int promptLength = 16;
        out.put("prompt", promptLength).put("new_tokens", r.newTokens()).put("batch", r.batch()).put("steps", r.steps());
        try (PretrainedGpt2 gpt2 = PretrainedGpt2.create(gpt2Config(r), device)) {
            Generator g = new Generator(new Gpt2Decoder(gpt2), null);
            Random random = new Random(0);
            List<GenerationRequest> requests = new java.util.ArrayList<>();
            for (int i = 0; i < r.batch(); i++) {
                requests.add(new GenerationRequest(random.longs(promptLength, 0, 30000).toArray(),
                        GenerationConfig.greedy(r.newTokens())));
            }
            double cached = time(r.steps(), () -> g.generate(requests, true, TokenListener.NONE));
            double uncached = time(r.steps(), () -> g.generate(requests, false, TokenListener.NONE));
            double tokens = (double) r.batch() * r.newTokens();
            out.put("cached_tokens_per_s", round(tokens / cached));
            out.put("uncached_tokens_per_s", round(tokens / uncached));
            out.put("cache_speedup", round(uncached / cached));
        }
    }

    /** Mean seconds of {@code steps} runs after two warm-up runs. */
    private static double time(int steps, Runnable work) {
        work.run();
        work.run();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            work.run();
        }
        return (System.nanoTime() - start) / 1e9 / steps;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The anchor's BERT; no dropout, as the anchor has none (it matters in the training modes). */
    static BertConfig bertConfig(BenchRequest r) {
        ObjectNode c = JSON.createObjectNode();
        c.put("model_type", "bert").put("vocab_size", BERT_VOCAB).put("hidden_size", r.hidden())
                .put("num_hidden_layers", r.layers()).put("num_attention_heads", r.heads())
                .put("intermediate_size", r.intermediate()).put("hidden_act", "gelu")
                .put("hidden_dropout_prob", 0.0).put("attention_probs_dropout_prob", 0.0)
                .put("max_position_embeddings", Math.max(512, r.seqLength())).put("type_vocab_size", 2);
        c.putObject("id2label").put("0", "entailment").put("1", "neutral").put("2", "contradiction");
        return BertConfig.from(JsonConfig.of(c, Path.of("(bench bert config)")));
    }

    /**
     * The anchor's GPT-2 (which has no dropout; its feed-forward is always 4·hidden wide, ours
     * {@code --inter}: the same at the default shape).
     */
    static Gpt2Config gpt2Config(BenchRequest r) {
        ObjectNode c = JSON.createObjectNode();
        int positions = r.mode().equals("generate") ? r.seqLength() + r.newTokens() + 16 : r.seqLength();
        c.put("model_type", "gpt2").put("vocab_size", GPT2_VOCAB).put("n_embd", r.hidden()).put("n_layer", r.layers())
                .put("n_head", r.heads()).put("n_inner", r.intermediate())
                .put("resid_pdrop", 0.0).put("embd_pdrop", 0.0).put("attn_pdrop", 0.0)
                .put("n_positions", Math.max(1024, positions));
        return Gpt2Config.from(JsonConfig.of(c, Path.of("(bench gpt2 config)")));
    }
}
