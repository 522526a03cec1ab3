package dev.graft.finetune;

import java.nio.file.Path;
import java.util.List;

/**
 * What a run did; also written as {@code run.json}.
 *
 * @param bestDevAccuracy dev accuracy of the best checkpoint (saved under {@code out/best})
 * @param losses training loss of every step this process ran (NaN for skipped steps)
 */
public record FinetuneResult(String method, long trainableParameters, long totalParameters, long steps,
        long skippedSteps, double bestDevAccuracy, long bestStep, boolean stoppedEarly, long resumedFromStep,
        double seconds, Path out, List<Double> losses) {
    public double trainablePercent() {
        return 100.0 * trainableParameters / totalParameters;
    }
}
