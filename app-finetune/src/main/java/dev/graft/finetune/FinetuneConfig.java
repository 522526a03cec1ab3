package dev.graft.finetune;

import dev.graft.core.data.LabelOrder;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One fine-tuning run. Validated here, so a bad value stops the run before anything is loaded.
 *
 * @param tokenizer tokenizer directory; null means the model directory
 * @param warmup warmup steps
 * @param keepCheckpoints newest checkpoints kept (plus the best)
 * @param methodOptions the method's own flags (LoRA rank, prompt init …); {@link MethodOptions#NONE} for defaults
 */
public record FinetuneConfig(Path model, String method, Path train, Path dev, Path out, Path tokenizer, int epochs,
        double lr, int batchSize, int maxLength, long seed, int warmup, LrSchedule.Decay schedule, double weightDecay,
        double clipNorm, int gradAccum, int evalEvery, int patience, TrainerOptions.StopMetric metric,
        int checkpointEvery, int keepCheckpoints, boolean resume, LabelOrder labelOrder, boolean quiet,
        boolean skipNonfinite, int logEvery, MethodOptions methodOptions) {

    public FinetuneConfig {
        Objects.requireNonNull(model, "--model");
        Objects.requireNonNull(train, "--train");
        Objects.requireNonNull(dev, "--dev");
        Objects.requireNonNull(out, "--out");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(labelOrder, "labelOrder");
        Objects.requireNonNull(methodOptions, "methodOptions");
        methodOptions.check(method); // unknown names and flags of another method fail here, before any loading
        if (Method.canonical(method).equals("features") && (resume || gradAccum > 1)) {
            throw new IllegalArgumentException("--method features trains on embeddings cached in memory: it keeps no"
                    + " checkpoints (--resume) and takes whole batches (--grad-accum 1); got --resume " + resume
                    + ", --grad-accum " + gradAccum);
        }
        if (batchSize < 1 || maxLength < 8 || keepCheckpoints < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, --max-length >= 8 and --keep-checkpoints >= 1;"
                    + " got " + batchSize + ", " + maxLength + ", " + keepCheckpoints);
        }
        // the engine's own checks (lr > 0, epochs >= 1 …), run now rather than after loading; the fields are not
        // assigned yet inside a compact constructor, so pass the parameters themselves
        new TrainerOptions(epochs, lr, schedule, warmup, weightDecay, clipNorm, gradAccum, seed, evalEvery, metric,
                patience, checkpointEvery, skipNonfinite, logEvery);
    }

    /** Defaults: 3 epochs, lr 5e-5, batch 32, 128 tokens, seed 42, linear decay, decay 0.01, clip 1.0. */
    public static FinetuneConfig of(Path model, String method, Path train, Path dev, Path out) {
        return new FinetuneConfig(model, method, train, dev, out, null, 3, 5e-5, 32, 128, 42, 0, LrSchedule.Decay.LINEAR,
                0.01, 1.0, 1, 0, 0, TrainerOptions.StopMetric.ACCURACY, 0, 3, false, LabelOrder.HF_DEFAULT, false,
                false, 10, MethodOptions.NONE);
    }

    public Path tokenizerDir() {
        return tokenizer == null ? model : tokenizer;
    }

    public TrainerOptions toTrainerOptions() {
        return new TrainerOptions(epochs, lr, schedule, warmup, weightDecay, clipNorm, gradAccum, seed, evalEvery,
                metric, patience, checkpointEvery, skipNonfinite, logEvery);
    }

    public FinetuneConfig withTraining(int newEpochs, double newLr, int newBatchSize, long newSeed) {
        return new FinetuneConfig(model, method, train, dev, out, tokenizer, newEpochs, newLr, newBatchSize, maxLength,
                newSeed, warmup, schedule, weightDecay, clipNorm, gradAccum, evalEvery, patience, metric,
                checkpointEvery, keepCheckpoints, resume, labelOrder, quiet, skipNonfinite, logEvery, methodOptions);
    }

    public FinetuneConfig withTokenizer(Path dir, int newMaxLength) {
        return new FinetuneConfig(model, method, train, dev, out, dir, epochs, lr, batchSize, newMaxLength, seed,
                warmup, schedule, weightDecay, clipNorm, gradAccum, evalEvery, patience, metric, checkpointEvery,
                keepCheckpoints, resume, labelOrder, quiet, skipNonfinite, logEvery, methodOptions);
    }

    public FinetuneConfig withIntervals(int newEvalEvery, int newCheckpointEvery, int newKeep, int newPatience) {
        return new FinetuneConfig(model, method, train, dev, out, tokenizer, epochs, lr, batchSize, maxLength, seed,
                warmup, schedule, weightDecay, clipNorm, gradAccum, newEvalEvery, newPatience, metric, newCheckpointEvery,
                newKeep, resume, labelOrder, quiet, skipNonfinite, logEvery, methodOptions);
    }

    public FinetuneConfig withFlags(boolean newResume, boolean newQuiet, boolean newSkipNonfinite) {
        return new FinetuneConfig(model, method, train, dev, out, tokenizer, epochs, lr, batchSize, maxLength, seed,
                warmup, schedule, weightDecay, clipNorm, gradAccum, evalEvery, patience, metric, checkpointEvery,
                keepCheckpoints, newResume, labelOrder, newQuiet, newSkipNonfinite, logEvery, methodOptions);
    }

    public FinetuneConfig withOptimizer(int newWarmup, double newWeightDecay, double newClipNorm, int newGradAccum) {
        return new FinetuneConfig(model, method, train, dev, out, tokenizer, epochs, lr, batchSize, maxLength, seed,
                newWarmup, schedule, newWeightDecay, newClipNorm, newGradAccum, evalEvery, patience, metric,
                checkpointEvery, keepCheckpoints, resume, labelOrder, quiet, skipNonfinite, logEvery, methodOptions);
    }

    public FinetuneConfig withMethodOptions(MethodOptions options) {
        return new FinetuneConfig(model, method, train, dev, out, tokenizer, epochs, lr, batchSize, maxLength, seed,
                warmup, schedule, weightDecay, clipNorm, gradAccum, evalEvery, patience, metric, checkpointEvery,
                keepCheckpoints, resume, labelOrder, quiet, skipNonfinite, logEvery, options);
    }
}
