package dev.graft.core.forward;

import java.util.Map;

/**
 * @param modelType the config's model_type
 * @param shapes each written output and its shape
 * @param seconds wall time of the forward pass alone
 * @param maxAbsDiff per output found in the reference file, the max |ours − reference| over unpadded
 *     positions; empty without a reference
 * @param tolerance the bound the differences were held to
 */
public record ForwardResult(
        String modelType, Map<String, long[]> shapes, double seconds, Map<String, Double> maxAbsDiff, double tolerance) {
    /** True when every compared output is within the tolerance (vacuously without a reference). */
    public boolean withinTolerance() {
        return maxAbsDiff.values().stream().allMatch(d -> d <= tolerance);
    }
}
