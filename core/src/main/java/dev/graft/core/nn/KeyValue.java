package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;

/**
 * Keys and values of one attention block, kept between decoding steps so that each new token attends
 * to the past without recomputing it.
 *
 * @param keys (B, heads, S, headDim)
 * @param values (B, heads, S, headDim)
 */
public record KeyValue(NDArray keys, NDArray values) {
    /** Positions held. */
    public long length() {
        return keys.getShape().get(2);
    }
}
