package dev.graft.core.model.decoding;

import ai.djl.ndarray.NDArray;
import dev.graft.core.nn.LayerCache;
import java.util.List;

/**
 * @param hidden (B, T, H) after the final norm
 * @param logits (B, T, vocab)
 * @param cache per layer, the keys and values to pass back in at the next decoding step
 */
public record CausalLmOutput(NDArray hidden, NDArray logits, List<LayerCache> cache) {}
