package dev.graft.eval;

import dev.graft.core.data.NliBatch;
import java.util.List;

/**
 * What evaluation needs of a model: the names of its head's classes and the logits of a batch. The
 * model-backed one is {@link EncoderPredictor}; tests inject predictors with rigged outputs.
 */
public interface Predictor extends AutoCloseable {
    /** The head's label names in class-index order (the model's {@code id2label}). */
    List<String> labels();

    /** Logits (B, labels) of the batch's rows, in head order. */
    float[][] logits(NliBatch batch);

    @Override
    default void close() {}
}
