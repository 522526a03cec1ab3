package dev.graft.finetune;

import dev.graft.core.io.IoReason;
import dev.graft.core.io.FileTrees;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.data.BatchConfig;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.peft.TrainableParameters;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code graft finetune}: reads the data, loads the model and tokenizer, prepares the method, and runs
 * the {@link Trainer} with checkpoints, metrics, plot and the best model under the output directory.
 */
public final class FinetuneJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FinetuneJob() {}

    public static FinetuneResult run(FinetuneConfig config) {
        return run(config, System.err);
    }

    /** @param log where the run's own lines go (trainable parameters, resume, warnings) */
    public static FinetuneResult run(FinetuneConfig config, PrintStream log) {
        long start = System.nanoTime();
        return run(config, NliData.read(config), log, start);
    }

    /** {@code --task text}: single texts, labels by name ({@code labelNames}: see {@link TextData}). */
    public static FinetuneResult runText(FinetuneConfig config, List<String> labelNames, PrintStream log) {
        long start = System.nanoTime();
        return run(config, TextData.read(config, labelNames), log, start);
    }

    private static FinetuneResult run(FinetuneConfig requested, ClassificationData data, PrintStream log, long start) {
        GraftEngine.configureDefaults();
        Engine.getInstance().setRandomSeed((int) requested.seed()); // a new classifier (from an MLM checkpoint) is seeded
        try (PretrainedEncoder encoder = PretrainedEncoder.loadForClassification(requested.model(), data.newLabels(),
                Device.cpu(), false, log::println)) {
            int length = InputLength.fit(requested, encoder.model().spec().maxSequenceLength(), log);
            FinetuneConfig config = requested.withTokenizer(requested.tokenizerDir(), length);
            try (HfTokenizer tokenizer = HfTokenizer.load(config.tokenizerDir(), TokenizerOptions.of(length))) {
                tokenizer.requireFits(encoder.model().spec().vocabSize(), config.model());
                ClassificationData.Splits splits = data.bind(encoder.config().id2label(), tokenizer);
                Method method = Method.of(config.method(), config.methodOptions(), text -> textIds(config, text),
                        config.seed());
                boolean outExisted = Files.exists(config.out());
                Path base = ModelOutputs.base(config);
                boolean newBase = method instanceof PeftMethod && !base.equals(config.model());
                if (newBase) { // out/base: the start an adapter of a new head needs, saved before the method wraps it
                    createDirectories(config.out());
                    ModelOutputs.replace(base, dir -> ModelOutputs.saveHf(encoder, config, dir));
                }
                Engine.getInstance().setRandomSeed((int) config.seed()); // what adapters draw at creation
                try {
                    method.prepare(encoder.model()); // a target the model lacks stops here, before any training
                } catch (RuntimeException e) {
                    if (newBase) { // a refused method leaves nothing behind, as when no base had to be written
                        FileTrees.delete(outExisted ? base : config.out());
                    }
                    throw e;
                }
                Map<String, Parameter> paths = ParameterPaths.of(encoder.model());
                LoraRank.note(paths, log);
                List<TrainableParameter> params = new ArrayList<>();
                for (Map.Entry<String, Parameter> e : paths.entrySet()) {
                    if (e.getValue().requiresGradient()) {
                        params.add(TrainableParameter.of(e.getKey(), e.getValue()));
                    }
                }
                BatchSource devBatches = splits.dev(BatchConfig.inOrder(config.batchSize()));
                FinetuneResult result;
                if (method instanceof FeaturesMethod features) {
                    BatchSource trainInOrder = splits.train(BatchConfig.inOrder(config.batchSize()));
                    result = FeatureTraining.run(config, features, encoder, trainInOrder, devBatches, log, start);
                } else {
                    // adapters count in the total, as PEFT's print_trainable_parameters counts them
                    TrainableParameters count = TrainableParameters.of(encoder.model());
                    printTrainable(log, method.name(), count.trainable(), count.total());
                    BatchSource trainBatches = splits.train(BatchConfig.training(config.batchSize(), config.seed()));
                    result = train(config, method, encoder, params, count.trainable(), count.total(), trainBatches,
                            devBatches, log, start);
                }
                LearningCheck.warning(result.bestDevAccuracy(), data.devLabels(), config.lr()).ifPresent(log::println);
                return result;
            }
        }
    }

    static void printTrainable(PrintStream log, String method, long trainable, long total) {
        log.printf(Locale.ROOT, "method %s: %,d of %,d parameters trainable (%.2f%%)%n", method, trainable, total,
                100.0 * trainable / total);
    }

    /** Token ids of {@code text} without special tokens (prompt tuning's init text). */
    private static long[] textIds(FinetuneConfig config, String text) {
        try (HfTokenizer plain = HfTokenizer.load(config.tokenizerDir(),
                TokenizerOptions.of(config.maxLength()).withSpecialTokens(false))) {
            return plain.encode(text).ids();
        }
    }

    private static FinetuneResult train(FinetuneConfig config, Method method, PretrainedEncoder encoder,
            List<TrainableParameter> params, long trainable, long total, BatchSource trainBatches,
            BatchSource devBatches, PrintStream log, long start) {
        Path out = config.out();
        createDirectories(out);
        CheckpointStore store = new CheckpointStore(out.resolve("checkpoints"), config.keepCheckpoints(), log);
        List<Double> losses = new ArrayList<>();
        TrainListener[] self = new TrainListener[1];
        Trainer[] trainer = new Trainer[1];
        TrainState state = TrainState.start();
        ObjectNode extra = ResumeCheck.describe(JSON.createObjectNode().put("method", method.name()).put("seed", config.seed()),
                trainBatches);

        // resume: restore weights, moments and position from the newest checkpoint that reads back whole
        CheckpointStore.Loaded resumed = null;
        if (config.resume()) {
            resumed = store.latestValid().orElse(null);
            if (resumed == null) {
                log.println("resume: no checkpoint under " + store.dir() + "; starting from the beginning");
            }
        }
        MetricsLog metrics = new MetricsLog(out.resolve("metrics.jsonl"), resumed == null ? -1 : resumed.state().step());
        Trainer t = new Trainer(encoder.model(), encoder.manager(), params, config.toTrainerOptions(),
                new TrainListener() {
                    @Override
                    public void onStep(StepRecord s) {
                        losses.add(s.loss());
                        self[0].onStep(s);
                    }

                    @Override
                    public void onEval(EvalRecord e) {
                        self[0].onEval(e);
                    }

                    @Override
                    public void onCheckpoint(TrainState s) {
                        store.save(s, params, trainer[0].optimizer(), extra);
                    }

                    @Override
                    public void onBest(TrainState s, EvalRecord e) {
                        ModelOutputs.saveBest(encoder, method, config, out);
                    }
                });
        trainer[0] = t;
        if (resumed != null) {
            ResumeCheck.requireSameRun(resumed, extra);
            restore(resumed, params, t.optimizer());
            state = resumed.state();
            log.println("resume: continuing from " + resumed.path() + " (step " + state.step() + ", epoch "
                    + state.epoch() + ", batch " + state.batchIndex() + ")");
        }
        long totalSteps = t.totalSteps(trainBatches);
        try (ProgressReporter bar = ProgressReporter.create(config.quiet(), state.step(), totalSteps); metrics) {
            self[0] = new TrainListener() {
                @Override
                public void onStep(StepRecord s) {
                    metrics.onStep(s);
                    bar.onStep(s);
                }

                @Override
                public void onEval(EvalRecord e) {
                    metrics.onEval(e);
                }
            };
            TrainState end = t.train(trainBatches, devBatches, state);
            if (end.step() > state.step() || !store.checkpoints().isEmpty()) {
                store.save(end, params, t.optimizer(), extra); // the final state, so --resume of a finished run is a no-op
            }
            TrainingPlot.write(metrics.records(), out.resolve("training.png"));
            if (!Files.exists(out.resolve("best"))) {
                ModelOutputs.saveBest(encoder, method, config, out); // no evaluation ran: the last weights are the best
            }
            if (config.methodOptions().mergeRequested()) {
                ModelOutputs.writeMerged(config, out, log);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            FinetuneResult result = new FinetuneResult(method.name(), trainable, total, end.step(), end.skippedSteps(),
                    end.bestAccuracy(), end.bestStep(), end.stopped(), resumed == null ? 0 : resumed.state().step(),
                    seconds, out, List.copyOf(losses));
            writeRunJson(result, config, out);
            return result;
        }
    }

    private static void restore(CheckpointStore.Loaded c, List<TrainableParameter> params, AdamW optimizer) {
        for (TrainableParameter p : params) {
            float[] w = c.weights().get(p.path());
            if (w == null || w.length != p.size()) {
                throw new IllegalStateException(c.path() + ": no weights of the right size for " + p.path()
                        + " (was the checkpoint written by another method or model?)");
            }
            copyInto(p.array(), w);
        }
        optimizer.restore(c.moments(), c.optimizerSteps(), params);
    }

    /**
     * Overwrites {@code target} with {@code values} by libtorch ops ({@code target · 0 + values}), so the
     * parameter keeps its own storage: {@code NDArray.set(Buffer)} would make it alias a Java direct buffer.
     */
    static void copyInto(NDArray target, float[] values) {
        try (NDManager scope = target.getManager().newSubManager()) {
            NDArray source = scope.create(values, target.getShape());
            target.muli(0f).addi(source);
        }
    }

    static void writeRunJson(FinetuneResult r, FinetuneConfig config, Path out) {
        ObjectNode n = JSON.createObjectNode();
        n.put("method", r.method());
        n.set("method_options", JSON.valueToTree(config.methodOptions().effective(config.method())));
        n.put("best_format", ModelOutputs.bestFormat(config));
        if (config.methodOptions().mergeRequested()) {
            n.put("merged", out.resolve("merged").toString());
        }
        n.put("model", config.model().toString());
        n.put("trainable_parameters", r.trainableParameters());
        n.put("total_parameters", r.totalParameters());
        n.put("trainable_percent", r.trainablePercent());
        n.put("steps", r.steps());
        n.put("skipped_steps", r.skippedSteps());
        RunJson.putFinite(n, "best_dev_accuracy", r.bestDevAccuracy());
        n.put("best_step", r.bestStep());
        n.put("stopped_early", r.stoppedEarly());
        n.put("resumed_from_step", r.resumedFromStep());
        n.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        n.put("seed", config.seed());
        RunJson.write(out, n);
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + IoReason.of(e), e);
        }
    }
}
