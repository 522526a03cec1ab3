package dev.graft.core.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.model.encoder.ClassificationHead;
import dev.graft.core.model.encoder.EncoderTask;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.peft.LoraConfig;
import dev.graft.core.peft.Peft;
import dev.graft.core.peft.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The training modes of {@code graft bench}, with the anchor's maths ({@code torch_anchor.py}): BERT
 * trains cross-entropy on 3 labels over the classifier, GPT-2 next-token cross-entropy over its tied LM
 * head; AdamW at lr 1e-4 with torch's default decay (0.01 on every parameter); no dropout (the anchor
 * has none). {@code full} trains everything, {@code head} BERT's classifier, {@code lora} rank 8, α 16
 * on query and value (BERT) or the fused {@code c_attn} (GPT-2) with the rest frozen.
 */
final class TrainingBench {
    static final double LR = 1e-4;
    static final double WEIGHT_DECAY = 0.01;
    static final int LORA_RANK = 8;
    static final float LORA_ALPHA = 16f;
    static final int LABELS = 3;

    private TrainingBench() {}

    /** A model ready to train in its mode, with its loss of one batch. */
    private record Subject(AutoCloseable owner, Block model, NDManager manager, Function<NDManager, NDArray> loss) {}

    static void run(BenchRequest r, Device device, ObjectNode out) {
        TrainingStep.Factory factory = TrainingStep.factory();
        Subject s = subject(r, device);
        try (AutoCloseable owner = s.owner()) {
            prepare(s.model(), r);
            Map<String, Parameter> trainable = trainable(s.model());
            out.put("trainable_params", dev.graft.core.peft.TrainableParameters.of(s.model()).trainable());
            out.put("optimizer", factory.name()).put("lr", LR).put("weight_decay", WEIGHT_DECAY);
            TrainingStep step = factory.create(trainable, LR, WEIGHT_DECAY);
            time(r, out, s.manager(), () -> {
                try (NDManager scope = s.manager().newSubManager()) {
                    return step.run(() -> s.loss().apply(scope));
                }
            });
        } catch (Exception e) {
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    /** One step. */
    private interface Work {
        TrainingStep.Outcome step();
    }

    /**
     * Two warm-up steps, then {@code steps} timed ones, with the mean time of each phase of a step
     * ({@code step_ms}). When asked, memory after every {@code reportRssEvery}-th timed step: the
     * process's resident set, the JVM heap (committed, used) that is part of it, and the arrays alive in
     * the model's manager (and its sub-managers), which stay constant unless something leaks.
     */
    private static void time(BenchRequest r, ObjectNode out, NDManager manager, Work work) {
        work.step();
        work.step();
        ObjectNode memory = r.reportRssEvery() > 0 ? out.putObject("memory") : null;
        float loss = Float.NaN;
        long[] phases = new long[4];
        long start = System.nanoTime();
        for (int i = 1; i <= r.steps(); i++) {
            TrainingStep.Outcome o = work.step();
            loss = o.loss();
            if (!Float.isFinite(loss)) {
                throw new IllegalStateException("non-finite loss " + loss + " at timed step " + i + " of " + r.arch()
                        + " --mode " + r.mode());
            }
            phases[0] += o.forwardNanos();
            phases[1] += o.backwardNanos();
            phases[2] += o.updateNanos();
            phases[3] += o.zeroNanos();
            if (memory != null && i % r.reportRssEvery() == 0) {
                Runtime jvm = Runtime.getRuntime();
                memory.putObject(Integer.toString(i)).put("rss_mb", residentMegabytes())
                        .put("heap_committed_mb", Bench.round(jvm.totalMemory() / 1048576.0))
                        .put("heap_used_mb", Bench.round((jvm.totalMemory() - jvm.freeMemory()) / 1048576.0))
                        .put("live_arrays", manager.getManagedArrays().size());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9 / r.steps();
        if (r.profile() != null) {
            JniUtils.startProfile(false, true, false);
            work.step();
            work.step();
            JniUtils.stopProfile(r.profile().toString());
            out.put("profile", r.profile().toString());
        }
        out.put("last_loss", Bench.round(loss));
        ObjectNode ms = out.putObject("step_ms");
        String[] names = {"forward", "backward", "update", "zero_grad"};
        for (int k = 0; k < names.length; k++) {
            ms.put(names[k], Bench.round(phases[k] / 1e6 / r.steps()));
        }
        out.put("seq_per_s", Bench.round(r.batch() / seconds));
        out.put("tokens_per_s", Bench.round((double) r.batch() * r.seqLength() / seconds));
    }

    private static Subject subject(BenchRequest r, Device device) {
        Random random = new Random(0);
        long[] ids = random.longs((long) r.batch() * r.seqLength(), 0, 30000).toArray();
        long[] labels = random.longs(r.batch(), 0, LABELS).toArray();
        Shape shape = new Shape(r.batch(), r.seqLength());
        if (r.arch().equals("bert")) {
            PretrainedEncoder bert = PretrainedEncoder.create(Bench.bertConfig(r), EncoderTask.SEQUENCE_CLASSIFICATION, device);
            return new Subject(bert, bert.model(), bert.manager(), scope -> {
                NDArray x = scope.create(ids, shape);
                NDArray logits = bert.model().apply(new ParameterStore(scope, false), x, x.onesLike(), null, true)
                        .logits(); // (B, C)
                return crossEntropy(logits, scope.create(labels));
            });
        }
        PretrainedGpt2 gpt2 = PretrainedGpt2.create(Bench.gpt2Config(r), device);
        return new Subject(gpt2, gpt2.model(), gpt2.manager(), scope -> {
            NDArray x = scope.create(ids, shape);
            NDArray logits = gpt2.model().apply(new ParameterStore(scope, false), x, x.onesLike(), null, null, true)
                    .logits(); // (B, T, V)
            return crossEntropy(logits.get(":, :-1"), x.get(":, 1:")); // token t predicts token t + 1
        });
    }

    /** Mean of −log softmax(logits)[target] over every position; logits (…, C), targets (…) int64. */
    static NDArray crossEntropy(NDArray logits, NDArray targets) {
        int classAxis = logits.getShape().dimension() - 1;
        NDArray picked = logits.logSoftmax(classAxis).gather(targets.expandDims(classAxis), classAxis); // (…, 1)
        return picked.mean().neg();
    }

    /** Freezes what the mode does not train and adds the LoRA adapter. */
    private static void prepare(Block model, BenchRequest r) {
        switch (r.mode()) {
            case "full" -> model.freezeParameters(false);
            case "head" -> {
                model.freezeParameters(true);
                model.getChildren().values().stream().filter(b -> b instanceof ClassificationHead).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("--mode head: the model has no classifier"))
                        .freezeParameters(false);
            }
            case "lora" -> Peft.apply(model, r.arch().equals("bert")
                    ? LoraConfig.of(LORA_RANK, LORA_ALPHA, Target.QUERY, Target.VALUE)
                    : LoraConfig.of(LORA_RANK, LORA_ALPHA, Target.FUSED_QKV), "default");
            default -> throw new IllegalArgumentException("not a training mode: " + r.mode());
        }
    }

    private static Map<String, Parameter> trainable(Block model) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        ParameterPaths.of(model).forEach((path, p) -> {
            if (p.requiresGradient()) {
                out.put(path, p);
            }
        });
        return out;
    }

    /** VmRSS of this process in MiB, from /proc/self/status (NaN where there is none). */
    static double residentMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring("VmRSS:".length()).replace("kB", "").trim();
                    return Bench.round(Long.parseLong(kb) / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
