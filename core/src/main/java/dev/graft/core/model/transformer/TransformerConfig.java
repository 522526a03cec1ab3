package dev.graft.core.model.transformer;

import dev.graft.core.nn.Activation;
import dev.graft.core.nn.LayerSpec;

/**
 * The original encoder-decoder Transformer (Vaswani et al. 2017): post-LN, ReLU feed-forward,
 * sinusoidal positions, embeddings scaled by √d_model. Final LayerNorms after each stack follow
 * {@code torch.nn.Transformer}, which has them; the paper's base model has none, so they are a switch.
 */
public record TransformerConfig(
        int sourceVocabSize,
        int targetVocabSize,
        int dModel,
        int numHeads,
        int dimFeedforward,
        int numEncoderLayers,
        int numDecoderLayers,
        float dropout,
        double layerNormEps,
        boolean finalNorms,
        Activation activation,
        boolean preNorm) {

    public TransformerConfig {
        if (sourceVocabSize <= 0 || targetVocabSize <= 0) {
            throw new IllegalArgumentException("vocabulary sizes must be positive, got " + sourceVocabSize
                    + " and " + targetVocabSize);
        }
        if (numEncoderLayers <= 0 || numDecoderLayers <= 0) {
            throw new IllegalArgumentException("layer counts must be positive, got " + numEncoderLayers
                    + " and " + numDecoderLayers);
        }
        if (dModel % 2 != 0) {
            throw new IllegalArgumentException("d_model must be even for sinusoidal positions, got " + dModel);
        }
        layer(dModel, numHeads, dimFeedforward, dropout, layerNormEps, activation, preNorm); // validates the rest
    }

    /** The paper's base model shape for the given vocabularies: 6+6 layers, 512 wide, 8 heads, FFN 2048. */
    public static TransformerConfig base(int sourceVocabSize, int targetVocabSize) {
        return new TransformerConfig(sourceVocabSize, targetVocabSize, 512, 8, 2048, 6, 6, 0.1f, 1e-5, true,
                Activation.RELU, false);
    }

    public LayerSpec layerSpec() {
        return layer(dModel, numHeads, dimFeedforward, dropout, layerNormEps, activation, preNorm);
    }

    private static LayerSpec layer(int d, int heads, int ff, float dropout, double eps, Activation act, boolean pre) {
        // torch.nn applies dropout to attention probabilities, sub-layer outputs and inside the FFN alike.
        return new LayerSpec(d, heads, ff, act, eps, dropout, dropout, dropout, pre);
    }
}
