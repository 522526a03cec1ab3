package dev.graft.finetune;

import dev.graft.core.nn.Scalars;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.graft.core.model.encoder.EncoderModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The training loop: mini-batches (accumulated over {@code gradAccum} micro-batches), cross-entropy on
 * the classifier's logits, global-norm clipping, AdamW, the learning-rate schedule, evaluation, early
 * stopping and checkpoint points. It trains whatever parameters have {@code requiresGradient()}, so it
 * knows nothing of the fine-tuning method.
 *
 * <p>Determinism: epoch order comes from the {@link BatchSource} (seed + epoch), and libtorch is
 * reseeded with {@code seed + step} before every step, so dropout after a resume is the dropout of an
 * uninterrupted run.
 */
public final class Trainer {
    private final EncoderModel model;
    private final NDManager manager;
    private final List<TrainableParameter> params;
    private final TrainerOptions options;
    private final AdamW optimizer;
    private final TrainListener listener;

    public Trainer(EncoderModel model, NDManager manager, List<TrainableParameter> params, TrainerOptions options,
            TrainListener listener) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("no parameter requires a gradient: nothing to train");
        }
        this.model = model;
        this.manager = manager;
        this.params = List.copyOf(params);
        this.options = options;
        this.optimizer = AdamW.withDecay(options.weightDecay());
        this.listener = listener;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    public List<TrainableParameter> parameters() {
        return params;
    }

    /** Optimizer steps the whole run takes (without early stopping). */
    public long totalSteps(BatchSource train) {
        long total = 0;
        for (int e = 0; e < options.epochs(); e++) {
            total += options.stepsIn(train.batches(e));
        }
        return total;
    }

    /** Trains from {@code state} (start or a restored checkpoint) to the end; returns the final state. */
    public TrainState train(BatchSource train, BatchSource dev, TrainState state) {
        long total = totalSteps(train);
        LrSchedule schedule = new LrSchedule(options.decay(), options.lr(), options.warmup(), (int) total);
        TrainState s = state;
        for (int epoch = s.epoch(); epoch < options.epochs() && !s.stopped(); epoch++) {
            int batches = train.batches(epoch);
            int index = epoch == s.epoch() ? s.batchIndex() : 0;
            Iterator<TrainBatch> it = train.epoch(epoch, index).iterator();
            while (index < batches && !s.stopped()) {
                List<TrainBatch> group = new ArrayList<>();
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
                int examples = group.stream().mapToInt(TrainBatch::size).sum();
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

    private TrainState evaluateAndTrack(BatchSource dev, TrainState s) {
        Evaluation ev = evaluate(model, manager, dev);
        TrainListener.EvalRecord rec = new TrainListener.EvalRecord(s.step(), s.epoch(), ev.loss(), ev.accuracy(),
                ev.examples());
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
    private StepOutcome step(List<TrainBatch> group, long step, double lr) {
        Engine.getInstance().setRandomSeed((int) (options.seed() + step));
        int examples = group.stream().mapToInt(TrainBatch::size).sum();
        double loss = 0;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            for (TrainBatch b : group) {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray l = Scalars.div(batchLoss(scope, b, true), (float) examples); // sum over rows / rows in step
                    double value = l.getFloat();
                    loss += value;
                    if (!Double.isFinite(value)) {
                        break;
                    }
                    collector.backward(l);
                }
            }
        }
        double norm = Double.isFinite(loss) ? GradClip.globalNorm(params) : Double.NaN;
        if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
            List<String> culprits = Double.isFinite(loss) ? GradClip.nonFinite(params, 5) : List.of();
            zeroGradients();
            if (!options.skipNonfinite()) {
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
            try (NDArray g = p.array().getGradient()) {
                g.set(new NDIndex("..."), 0f);
            }
        }
    }

    /** Summed cross-entropy of the batch's rows, (scalar) in {@code scope}. */
    static NDArray batchLoss(NDManager scope, EncoderModel model, TrainBatch b, boolean training) {
        ParameterStore ps = new ParameterStore(scope, false);
        NDArray logits = model.apply(ps, b.idsArray(scope), b.maskArray(scope), b.typesArray(scope), training)
                .logits(); // (B, C)
        NDArray logp = logits.logSoftmax(1);
        NDArray picked = logp.mul(b.labelsArray(scope).oneHot((int) logits.getShape().get(1))).sum(new int[] {1});
        return picked.sum().neg();
    }

    private NDArray batchLoss(NDManager scope, TrainBatch b, boolean training) {
        return batchLoss(scope, model, b, training);
    }

    /** Mean loss and accuracy over every batch of {@code dev} (epoch 0, in order), dropout off. */
    public static Evaluation evaluate(EncoderModel model, NDManager manager, BatchSource dev) {
        double lossSum = 0;
        long correct = 0;
        int n = 0;
        for (TrainBatch b : dev.epoch(0, 0)) {
            try (NDManager scope = manager.newSubManager()) {
                ParameterStore ps = new ParameterStore(scope, false);
                NDArray logits = model.apply(ps, b.idsArray(scope), b.maskArray(scope), b.typesArray(scope), false)
                        .logits();
                NDArray labels = b.labelsArray(scope);
                NDArray logp = logits.logSoftmax(1);
                lossSum -= logp.mul(labels.oneHot((int) logits.getShape().get(1))).sum().getFloat();
                correct += logits.argMax(1).eq(labels).sum().getLong();
                n += b.size();
            }
        }
        return new Evaluation(n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) correct / n, n);
    }

    public record Evaluation(double loss, double accuracy, int examples) {}
}
