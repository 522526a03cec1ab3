package dev.graft.finetune;

import java.nio.file.Path;
import java.util.List;

/**
 * What a pretraining run did; also written as {@code run.json}.
 *
 * @param initialDevLoss dev loss per masked token before the first step (NaN after a resume)
 * @param bestDevLoss dev loss of the saved model ({@code out/model})
 * @param bestDevAccuracy masked-token accuracy of the saved model
 * @param unigramBaseline masked-token accuracy of always guessing the most frequent dev target
 * @param losses training loss of every step this process ran
 */
public record PretrainResult(long parameters, int trainTexts, int devTexts, long steps, double initialDevLoss,
        double bestDevLoss, double bestDevAccuracy, long bestStep, double unigramBaseline, long resumedFromStep,
        double seconds, Path out, List<Double> losses) {
    public Path model() {
        return out.resolve("model");
    }
}
