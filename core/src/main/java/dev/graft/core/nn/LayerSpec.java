package dev.graft.core.nn;

/**
 * The shape and behaviour of one transformer layer, shared by encoder and decoder layers.
 *
 * @param hiddenSize model width H
 * @param numHeads attention heads (H divisible by it)
 * @param intermediateSize feed-forward width
 * @param activation feed-forward non-linearity
 * @param layerNormEps epsilon of every LayerNorm in the layer
 * @param attentionDropout dropout on attention probabilities
 * @param hiddenDropout dropout on each sub-layer output before the residual add
 * @param ffnDropout dropout after the feed-forward activation
 * @param preNorm true: {@code x + f(LN(x))} (GPT-2, pre-LN); false: {@code LN(x + f(x))} (BERT, the 2017 paper)
 */
public record LayerSpec(
        long hiddenSize,
        int numHeads,
        long intermediateSize,
        Activation activation,
        double layerNormEps,
        float attentionDropout,
        float hiddenDropout,
        float ffnDropout,
        boolean preNorm) {

    public LayerSpec {
        if (hiddenSize <= 0 || intermediateSize <= 0) {
            throw new IllegalArgumentException(
                    "hidden size and intermediate size must be positive, got " + hiddenSize + " and " + intermediateSize);
        }
        if (numHeads <= 0 || hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException(
                    "hidden size " + hiddenSize + " is not divisible by " + numHeads + " attention heads");
        }
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layer norm epsilon must be positive, got " + layerNormEps);
        }
        checkRate("attention dropout", attentionDropout);
        checkRate("hidden dropout", hiddenDropout);
        checkRate("feed-forward dropout", ffnDropout);
        java.util.Objects.requireNonNull(activation, "activation");
    }

    private static void checkRate(String what, float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException(what + " must be in [0, 1), got " + rate);
        }
    }
}
