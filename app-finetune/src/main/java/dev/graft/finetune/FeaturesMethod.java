package dev.graft.finetune;

import dev.graft.core.model.encoder.EncoderModel;

/**
 * Feature-based training: the encoder is frozen and run once over the train and dev sets; a classifier
 * is then trained on the cached embeddings ({@link FeatureTraining}). Nothing of the encoder trains.
 *
 * @param pooling {@code CLS}: what the model's classifier reads (BERT's pooler output, else the first
 *     token), and the model's own classifier is trained on it, so {@code best/} is a plain HF checkpoint;
 *     {@code MEAN}: masked mean of the last hidden states, read by a linear softmax layer saved on its own
 */
public record FeaturesMethod(MethodOptions.Pooling pooling) implements Method {
    @Override
    public String name() {
        return "features";
    }

    @Override
    public void prepare(EncoderModel model) {
        model.freezeParameters(true);
    }
}
