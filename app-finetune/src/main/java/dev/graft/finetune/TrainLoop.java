package dev.graft.finetune;

import dev.graft.core.nn.ParameterValues;
import dev.graft.core.nn.Scalars;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The training loop every task shares: mini-batches (accumulated over {@code gradAccum} micro-batches),
 * the task's loss, global-norm clipping, AdamW, the learning-rate schedule, evaluation, early stopping,
 * checkpoint points and non-finite steps. It trains whatever parameters have {@code requiresGradient()},
 * so it knows nothing of the fine-tuning method, and the {@link TrainTask} is all it knows of the model.
 *
 * <p>Determinism: epoch order comes from the {@link Batches} (seed + epoch), and libtorch is reseeded with
 * {@code seed + step} before every step, so dropout after a resume is the dropout of an uninterrupted run.
 *
 * @param <B> the batch type of the task
 */
public final class TrainLoop<B> {
    private final TrainTask<B> task;
    private final NDManager manager;
    private final List<TrainableParameter> params;
    private final TrainerOptions options;
    private final AdamW optimizer;
    private final TrainListener listener;

    public TrainLoop(TrainTask<B> task, NDManager manager, List<TrainableParameter> params, TrainerOptions options,
            TrainListener listener) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("no parameter requires a gradient: nothing to train");
        }
        this.task = task;
        this.manager = manager;
        this.params = List.copyOf(params);
        this.options = options;
        this.optimizer = AdamW.withDecay(options.weightDecay());
        this.listener = listener;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    /** Optimizer steps the whole run takes (without early stopping). */
    public long totalSteps(Batches<B> train) {
        long total = 0;
        for (int e = 0; e < options.epochs(); e++) {
            total += options.stepsIn(train.batches(e));
        }
        return total;
    }

    /** Dev figures of the model as it stands. */
    public Evaluation evaluate(Batches<B> dev) {
        return task.evaluate(manager, dev);
    }

    /** Trains from {@code state} (start or a restored checkpoint) to the end; returns the final state. */
    public TrainState train(Batches<B> train, Batches<B> dev, TrainState state) {
        long total = totalSteps(train);
        LrSchedule schedule = new LrSchedule(options.decay(), options.lr(), options.warmup(), (int) total);
        TrainState s = state;
        for (int epoch = s.epoch(); epoch < options.epochs() && !s.stopped(); epoch++) {
            int batches = train.batches(epoch);
            int index = epoch == s.epoch() ? s.batchIndex() : 0;
            Iterator<B> it = train.epoch(epoch, index).iterator();
            while (index < batches && !s.stopped()) {
                List<B> group = new ArrayList<>();
                while (group.size() < options.gradAccum() && index + group.size() < batches) {
                    group.add(it.next());
                }
                index += group.size();
                long step = s.step() + 1;
                long t0 = System.nanoTime();
                StepOutcome out = step(group, step, schedule.lr(step));
                double seconds = (System.nanoTime() - t0) / 1e9;
                long skipped = s.skippedSteps() + (out.skipped ? 1 : 0);
                s = new TrainState(step, epoch, index, s.bestMetric(), s.bestStep(), s.bestAccuracy(),
                        s.evalsWithoutGain(), skipped, false);
                int examples = group.stream().mapToInt(task::rows).sum();
                listener.onStep(new TrainListener.StepRecord(step, epoch, out.loss, schedule.lr(step), out.gradNorm,
                        examples, examples / Math.max(seconds, 1e-9), step % options.logEvery() == 0, out.skipped,
                        total));
                boolean epochEnd = index >= batches;
                if (dev != null && (options.evalEvery() > 0 ? step % options.evalEvery() == 0 : epochEnd)) {
                    s = evaluateAndTrack(dev, s);
                }
                if (options.checkpointEvery() > 0 ? step % options.checkpointEvery() == 0 : epochEnd) {
                    listener.onCheckpoint(s);
                }
            }
        }
        return s;
    }

    private TrainState evaluateAndTrack(Batches<B> dev, TrainState s) {
        Evaluation ev = task.evaluate(manager, dev);
        TrainListener.EvalRecord rec = new TrainListener.EvalRecord(s.step(), s.epoch(), ev.loss(), ev.accuracy(),
                ev.examples(), ev.extra());
        listener.onEval(rec);
        double value = options.metric() == TrainerOptions.StopMetric.ACCURACY ? ev.accuracy() : ev.loss();
        if (options.metric().better(value, s.bestMetric())) {
            s = new TrainState(s.step(), s.epoch(), s.batchIndex(), value, s.step(), ev.accuracy(), 0,
                    s.skippedSteps(), false);
            listener.onBest(s, rec);
            return s;
        }
        int without = s.evalsWithoutGain() + 1;
        boolean stop = options.patience() > 0 && without >= options.patience();
        return new TrainState(s.step(), s.epoch(), s.batchIndex(), s.bestMetric(), s.bestStep(), s.bestAccuracy(),
                without, s.skippedSteps(), stop);
    }

    private record StepOutcome(double loss, double gradNorm, boolean skipped) {}

    /** One optimizer step over the micro-batches of {@code group}. */
    private StepOutcome step(List<B> group, long step, double lr) {
        Engine.getInstance().setRandomSeed((int) (options.seed() + step));
        long terms = group.stream().mapToLong(task::terms).sum();
        double loss = 0;
        if (terms > 0) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                for (B b : group) {
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray l = Scalars.div(task.loss(scope, b, true), (float) terms); // sum over terms / terms in step
                        double value = l.getFloat();
                        loss += value;
                        if (!Double.isFinite(value)) {
                            break;
                        }
                        collector.backward(l);
                    }
                }
            }
        } else {
            loss = Double.NaN; // a step with nothing to learn from (e.g. no token drawn for masking)
        }
        double norm = Double.isFinite(loss) ? GradClip.globalNorm(params) : Double.NaN;
        if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
            List<String> culprits = Double.isFinite(loss) ? GradClip.nonFinite(params, 5) : List.of();
            zeroGradients();
            if (!options.skipNonfinite() && terms > 0) {
                throw new NonFiniteLossException(step, loss, norm, culprits);
            }
            return new StepOutcome(Double.NaN, norm, true);
        }
        optimizer.step(params, lr, GradClip.coefficient(norm, options.clipNorm()));
        zeroGradients();
        return new StepOutcome(loss, norm, false);
    }

    /** DJL's collector does not zero gradients (PyTorch accumulates them); we do, after each step. */
    private void zeroGradients() {
        for (TrainableParameter p : params) {
            ParameterValues.zeroGradient(p.array()); // libtorch's zero_: DJL's set(NDIndex, 0f) leaks a scalar per call
        }
    }
}
