package dev.graft.finetune;

/** What the engine reports as it goes; every method has a no-op default. */
public interface TrainListener {
    /** A finished optimizer step (every step, whether logged or not). */
    default void onStep(StepRecord step) {}

    default void onEval(EvalRecord eval) {}

    /** The state after {@code state.step()} steps should be checkpointed (the engine is between steps). */
    default void onCheckpoint(TrainState state) {}

    /** The model after {@code state.step()} steps is the best so far. */
    default void onBest(TrainState state, EvalRecord eval) {}

    /**
     * @param logged whether this step falls on the log interval
     * @param loss mean training loss of the step; NaN for a skipped step
     */
    record StepRecord(long step, int epoch, double loss, double lr, double gradNorm, int examples,
            double examplesPerSecond, boolean logged, boolean skipped, long totalSteps) {}

    /** @param extra the task's further figures ({@code perplexity}, {@code tokens}), by metrics.jsonl name */
    record EvalRecord(long step, int epoch, double loss, double accuracy, int examples, java.util.Map<String, Double> extra) {
        public EvalRecord(long step, int epoch, double loss, double accuracy, int examples) {
            this(step, epoch, loss, accuracy, examples, java.util.Map.of());
        }
    }
}
