package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;

/**
 * What an attention block produces.
 *
 * @param context (B, T, H) the projected attention output
 * @param weights (B, heads, T, S) the attention probabilities, kept because they are computed anyway
 */
public record AttentionOutput(NDArray context, NDArray weights) {}
