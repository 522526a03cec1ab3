package dev.graft.finetune;

import dev.graft.core.io.IoReason;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link TrainLoop} with everything a command wraps around it under one output directory: resume from
 * the newest valid checkpoint, checkpoints, {@code metrics.jsonl}, the progress bar, {@code training.png},
 * and the best model (saved by the caller's {@code saveBest} whenever the dev metric improves).
 *
 * @param name the progress bar's name
 * @param keepCheckpoints newest checkpoints kept
 * @param extra fields written into every checkpoint's state.json (task, seed …)
 */
record TrainingRun(String name, Path out, int keepCheckpoints, boolean resume, boolean quiet, ObjectNode extra,
        PrintStream log) {

    /**
     * @param initial dev figures before the first step (NaN loss when there is no dev set or the run resumed)
     * @param losses training loss of every step this process ran
     */
    record Outcome(TrainState end, long resumedFromStep, Evaluation initial, List<Double> losses) {}

    <B> Outcome run(TrainTask<B> task, NDManager manager, List<TrainableParameter> params, TrainerOptions options,
            Batches<B> train, Batches<B> dev, Consumer<Path> saveBest) {
        createDirectories(out);
        CheckpointStore store = new CheckpointStore(out.resolve("checkpoints"), keepCheckpoints, log);
        CheckpointStore.Loaded resumed = resume ? store.latestValid().orElse(null) : null;
        if (resume && resumed == null) {
            log.println("resume: no checkpoint under " + store.dir() + "; starting from the beginning");
        }
        List<Double> losses = new ArrayList<>();
        List<TrainListener> sinks = new ArrayList<>();
        @SuppressWarnings("unchecked")
        TrainLoop<B>[] loop = new TrainLoop[1];
        loop[0] = new TrainLoop<>(task, manager, params, options, new TrainListener() {
            @Override
            public void onStep(StepRecord s) {
                losses.add(s.loss());
                sinks.forEach(l -> l.onStep(s));
            }

            @Override
            public void onEval(EvalRecord e) {
                sinks.forEach(l -> l.onEval(e));
            }

            @Override
            public void onCheckpoint(TrainState s) {
                store.save(s, params, loop[0].optimizer(), extra);
            }

            @Override
            public void onBest(TrainState s, EvalRecord e) {
                saveBest.accept(out);
            }
        });
        TrainState state = TrainState.start();
        ResumeCheck.describe(extra, train);
        if (resumed != null) {
            ResumeCheck.requireSameRun(resumed, extra);
            restore(resumed, params, loop[0].optimizer());
            state = resumed.state();
            log.println("resume: continuing from " + resumed.path() + " (step " + state.step() + ", epoch "
                    + state.epoch() + ", batch " + state.batchIndex() + ")");
        }
        MetricsLog metrics = new MetricsLog(out.resolve("metrics.jsonl"), resumed == null ? -1 : resumed.state().step());
        Evaluation initial = new Evaluation(Double.NaN, Double.NaN, 0);
        if (resumed == null && dev != null) {
            initial = loop[0].evaluate(dev); // step 0 in metrics.jsonl: where training starts from
            metrics.onEval(new TrainListener.EvalRecord(0, 0, initial.loss(), initial.accuracy(), initial.examples(),
                    initial.extra()));
        }
        try (ProgressReporter bar = ProgressReporter.create(name, quiet, state.step(), loop[0].totalSteps(train));
                metrics) {
            sinks.add(metrics);
            sinks.add(bar);
            TrainState end = loop[0].train(train, dev, state);
            if (end.step() > state.step() || !store.checkpoints().isEmpty()) {
                store.save(end, params, loop[0].optimizer(), extra); // a --resume of a finished run is a no-op
            }
            TrainingPlot.write(metrics.records(), out.resolve("training.png"));
            return new Outcome(end, resumed == null ? 0 : resumed.state().step(), initial, List.copyOf(losses));
        }
    }

    private static void restore(CheckpointStore.Loaded c, List<TrainableParameter> params, AdamW optimizer) {
        for (TrainableParameter p : params) {
            float[] w = c.weights().get(p.path());
            if (w == null || w.length != p.size()) {
                throw new IllegalStateException(c.path() + ": no weights of the right size for " + p.path()
                        + " (was the checkpoint written by another task, method or model?)");
            }
            FinetuneJob.copyInto(p.array(), w);
        }
        optimizer.restore(c.moments(), c.optimizerSteps(), params);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + IoReason.of(e), e);
        }
    }
}
