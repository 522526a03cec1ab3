package dev.graft.finetune;

import java.nio.file.Path;
import java.util.List;

/**
 * What a causal-LM tuning run did; also written as {@code run.json}.
 *
 * @param initialDevLoss dev loss per completion token before the first step (NaN after a resume)
 * @param bestDevLoss dev loss of the model saved under {@code out/best}
 * @param truncatedPrompts training and dev rows whose prompt lost its start to fit the length limit
 */
public record CausalLmResult(String method, long trainableParameters, long totalParameters, long steps,
        double initialDevLoss, double bestDevLoss, double bestDevAccuracy, long bestStep, int truncatedPrompts,
        long resumedFromStep, double seconds, Path out, List<Double> losses) {
    public double initialDevPerplexity() {
        return Math.exp(initialDevLoss);
    }

    public double bestDevPerplexity() {
        return Math.exp(bestDevLoss);
    }
}
