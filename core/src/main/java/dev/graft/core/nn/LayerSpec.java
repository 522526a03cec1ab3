package dev.graft.core.nn;

import java.util.Objects;

/**
 * The shape and behaviour of one transformer layer. One layer implementation serves BERT, GPT-2, T5
 * and the 2017 Transformer through these switches rather than through copies.
 *
 * @param hiddenSize model width H
 * @param numHeads attention heads
 * @param headDim width of one head; H / heads except in T5 configs that set {@code d_kv}
 * @param intermediateSize feed-forward width
 * @param activation feed-forward non-linearity
 * @param norm LayerNorm (BERT, GPT-2) or RMS norm (T5)
 * @param normEps epsilon of every norm in the layer
 * @param bias whether projections have biases (T5's do not)
 * @param scaledAttention whether scores are divided by √d_k (T5 folds it into its initialisation)
 * @param fusedQkv one (H, 3·inner) projection for Q, K, V, as GPT-2 stores {@code c_attn}
 * @param gatedFfn {@code act(x W_gate) ⊙ (x W_in)} as T5 v1.1's gated-gelu
 * @param attentionDropout dropout on attention probabilities
 * @param hiddenDropout dropout on each sub-layer output before the residual add
 * @param ffnDropout dropout after the feed-forward activation
 * @param preNorm true: {@code x + f(N(x))} (GPT-2, T5); false: {@code N(x + f(x))} (BERT, the 2017 paper)
 */
public record LayerSpec(
        long hiddenSize,
        int numHeads,
        long headDim,
        long intermediateSize,
        Activation activation,
        NormKind norm,
        double normEps,
        boolean bias,
        boolean scaledAttention,
        boolean fusedQkv,
        boolean gatedFfn,
        float attentionDropout,
        float hiddenDropout,
        float ffnDropout,
        boolean preNorm) {

    public LayerSpec {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(norm, "norm");
        if (hiddenSize <= 0 || intermediateSize <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("hidden size, head width and intermediate size must be positive, got "
                    + hiddenSize + ", " + headDim + " and " + intermediateSize);
        }
        if (numHeads <= 0) {
            throw new IllegalArgumentException("attention heads must be positive, got " + numHeads);
        }
        if (!(normEps > 0)) {
            throw new IllegalArgumentException("norm epsilon must be positive, got " + normEps);
        }
        checkRate("attention dropout", attentionDropout);
        checkRate("hidden dropout", hiddenDropout);
        checkRate("feed-forward dropout", ffnDropout);
    }

    /** A BERT-style layer: LayerNorm, biases, scaled attention, separate Q/K/V, plain FFN, H / heads per head. */
    public LayerSpec(long hiddenSize, int numHeads, long intermediateSize, Activation activation, double layerNormEps,
            float attentionDropout, float hiddenDropout, float ffnDropout, boolean preNorm) {
        this(hiddenSize, numHeads, evenHeadDim(hiddenSize, numHeads), intermediateSize, activation, NormKind.LAYER_NORM,
                layerNormEps, true, true, false, false, attentionDropout, hiddenDropout, ffnDropout, preNorm);
    }

    /** Q, K and V width: heads × head width. */
    public long innerSize() {
        return numHeads * headDim;
    }

    public LayerSpec withFusedQkv() {
        return new LayerSpec(hiddenSize, numHeads, headDim, intermediateSize, activation, norm, normEps, bias,
                scaledAttention, true, gatedFfn, attentionDropout, hiddenDropout, ffnDropout, preNorm);
    }

    public LayerSpec scaled(boolean scaled) {
        return new LayerSpec(hiddenSize, numHeads, headDim, intermediateSize, activation, norm, normEps, bias,
                scaled, fusedQkv, gatedFfn, attentionDropout, hiddenDropout, ffnDropout, preNorm);
    }

    private static long evenHeadDim(long hiddenSize, int numHeads) {
        if (numHeads <= 0 || hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException(
                    "hidden size " + hiddenSize + " is not divisible by " + numHeads + " attention heads");
        }
        return hiddenSize / numHeads;
    }

    private static void checkRate(String what, float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException(what + " must be in [0, 1), got " + rate);
        }
    }
}
