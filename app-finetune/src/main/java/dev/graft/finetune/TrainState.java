package dev.graft.finetune;

/**
 * Where a run stands, saved with each checkpoint: the last finished optimizer step, the next batch to
 * read (epoch, index), the best evaluation so far and the early-stopping count. Randomness needs no
 * state of its own: shuffles derive from seed + epoch and dropout from seed + step.
 *
 * @param bestMetric best dev value of the chosen metric so far (NaN before the first evaluation)
 * @param evalsWithoutGain evaluations since the best one (early stopping compares it with the patience)
 */
public record TrainState(long step, int epoch, int batchIndex, double bestMetric, long bestStep,
        double bestAccuracy, int evalsWithoutGain, long skippedSteps, boolean stopped) {
    public static TrainState start() {
        return new TrainState(0, 0, 0, Double.NaN, -1, Double.NaN, 0, 0, false);
    }
}
