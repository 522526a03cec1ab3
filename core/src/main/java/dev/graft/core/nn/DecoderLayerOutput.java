package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;

/**
 * @param hidden (B, T, H)
 * @param crossWeights (B, heads, T, S) cross-attention probabilities
 * @param cache the layer's keys and values, to pass back in at the next decoding step
 */
public record DecoderLayerOutput(NDArray hidden, NDArray crossWeights, LayerCache cache) {}
