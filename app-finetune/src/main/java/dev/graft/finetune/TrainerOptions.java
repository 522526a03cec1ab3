package dev.graft.finetune;

/**
 * What the engine needs to know, independent of data and model.
 *
 * @param evalEvery evaluate every N steps; 0 evaluates at the end of each epoch
 * @param checkpointEvery checkpoint every N steps; 0 at the end of each epoch
 * @param patience stop after this many evaluations without a gain; 0 never stops early
 * @param logEvery write a step record to metrics every N steps
 */
public record TrainerOptions(int epochs, double lr, LrSchedule.Decay decay, int warmup, double weightDecay,
        double clipNorm, int gradAccum, long seed, int evalEvery, StopMetric metric, int patience,
        int checkpointEvery, boolean skipNonfinite, int logEvery) {

    /** The dev metric that picks the best checkpoint and drives early stopping. */
    public enum StopMetric {
        ACCURACY, LOSS;

        /** Whether {@code value} beats {@code best} (NaN means no best yet). */
        boolean better(double value, double best) {
            if (Double.isNaN(best)) {
                return true;
            }
            return this == ACCURACY ? value > best : value < best;
        }
    }

    public TrainerOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        }
        // !(x >= 0): NaN fails it too, where x < 0 let NaN through to a NaN loss blamed on the learning rate
        if (warmup < 0 || !(weightDecay >= 0) || !(clipNorm >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("warmup, weight decay and clip norm must be finite and >= 0, got "
                    + warmup + ", " + weightDecay + ", " + clipNorm);
        }
        if (gradAccum < 1 || logEvery < 1) {
            throw new IllegalArgumentException("gradient accumulation and log interval must be >= 1, got "
                    + gradAccum + ", " + logEvery);
        }
        if (evalEvery < 0 || checkpointEvery < 0 || patience < 0) {
            throw new IllegalArgumentException("eval interval, checkpoint interval and patience must be >= 0, got "
                    + evalEvery + ", " + checkpointEvery + ", " + patience);
        }
    }

    /** Optimizer steps in epoch {@code epoch} given its batch count. */
    int stepsIn(int batches) {
        return (batches + gradAccum - 1) / gradAccum;
    }
}
