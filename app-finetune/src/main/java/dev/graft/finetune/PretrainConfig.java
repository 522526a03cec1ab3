package dev.graft.finetune;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One masked-LM pretraining run of a fresh BERT. Validated here, so a bad shape stops the run before
 * anything is read or built.
 *
 * @param dev dev file; null holds out {@code devFraction} of the training texts instead
 * @param layers encoder layers; {@code hidden} must divide by {@code heads}
 * @param maxLength tokens per text (special tokens included); also the model's position limit
 * @param maskProbability share of tokens chosen for masking (BERT: 0.15)
 * @param training the engine's options (epochs, lr, schedule, seed …)
 */
public record PretrainConfig(Path tokenizer, List<Path> train, Path dev, Path out, int layers, int hidden, int heads,
        int inter, int maxLength, double dropout, double maskProbability, double devFraction, int batchSize,
        int keepCheckpoints, boolean resume, boolean quiet, TrainerOptions training) {

    public PretrainConfig {
        Objects.requireNonNull(tokenizer, "--tokenizer");
        Objects.requireNonNull(out, "--out");
        Objects.requireNonNull(training, "training");
        train = List.copyOf(train);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("--train: give at least one file of text lines or NLI pairs");
        }
        if (layers < 1 || hidden < 1 || heads < 1 || inter < 1) {
            throw new IllegalArgumentException("--layers, --hidden, --heads and --inter must be >= 1, got " + layers
                    + ", " + hidden + ", " + heads + ", " + inter);
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("--hidden " + hidden + " is not divisible by --heads " + heads
                    + " (each head gets hidden / heads dimensions)");
        }
        if (maxLength < 8 || batchSize < 1 || keepCheckpoints < 1) {
            throw new IllegalArgumentException("--max-length must be >= 8, --batch-size and --keep-checkpoints >= 1;"
                    + " got " + maxLength + ", " + batchSize + ", " + keepCheckpoints);
        }
        if (!(dropout >= 0 && dropout < 1) || !(maskProbability > 0 && maskProbability < 1)
                || !(devFraction > 0 && devFraction < 1)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), --mask-probability and --dev-fraction in"
                    + " (0, 1); got " + dropout + ", " + maskProbability + ", " + devFraction);
        }
    }

    /**
     * Defaults: 4 layers, 256 wide, 4 heads, FFN 1024, 128 tokens, dropout 0.1, 15% masking, 5% dev,
     * batch 32; 3 epochs at lr 5e-4, warmup 0, linear decay, weight decay 0.01, clip 1.0, seed 42, evaluated
     * and checkpointed each epoch, the best dev loss kept.
     */
    public static PretrainConfig of(Path tokenizer, List<Path> train, Path out) {
        return new PretrainConfig(tokenizer, train, null, out, 4, 256, 4, 1024, 128, 0.1, 0.15, 0.05, 32, 3, false,
                false, options(3, 5e-4, 42, 0));
    }

    static TrainerOptions options(int epochs, double lr, long seed, int warmup) {
        return new TrainerOptions(epochs, lr, LrSchedule.Decay.LINEAR, warmup, 0.01, 1.0, 1, seed, 0,
                TrainerOptions.StopMetric.LOSS, 0, 0, false, 10);
    }

    public PretrainConfig withShape(int newLayers, int newHidden, int newHeads, int newInter, int newMaxLength) {
        return new PretrainConfig(tokenizer, train, dev, out, newLayers, newHidden, newHeads, newInter, newMaxLength,
                dropout, maskProbability, devFraction, batchSize, keepCheckpoints, resume, quiet, training);
    }

    public PretrainConfig withTraining(TrainerOptions newTraining, int newBatchSize) {
        return new PretrainConfig(tokenizer, train, dev, out, layers, hidden, heads, inter, maxLength, dropout,
                maskProbability, devFraction, newBatchSize, keepCheckpoints, resume, quiet, newTraining);
    }

    public PretrainConfig withFlags(boolean newResume, boolean newQuiet) {
        return new PretrainConfig(tokenizer, train, dev, out, layers, hidden, heads, inter, maxLength, dropout,
                maskProbability, devFraction, batchSize, keepCheckpoints, newResume, newQuiet, training);
    }
}
