package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;

/**
 * What an attention block (or a layer around one) produces.
 *
 * @param context (B, T, H) the output
 * @param weights (B, heads, T, S) the attention probabilities, kept because they are computed anyway
 * @param keyValue the keys and values attended over, for a decoding cache
 */
public record AttentionOutput(NDArray context, NDArray weights, KeyValue keyValue) {
    public AttentionOutput(NDArray context, NDArray weights) {
        this(context, weights, null);
    }
}
