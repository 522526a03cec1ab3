package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * @param hidden (B, T, H) output of the last layer (after the final norm where the stack has one)
 * @param attentions per layer, (B, heads, T, S): self-attention for encoders, cross-attention for decoders
 * @param cache per layer, the keys and values to pass back in at the next decoding step
 */
public record StackOutput(NDArray hidden, List<NDArray> attentions, List<LayerCache> cache) {
    public StackOutput(NDArray hidden, List<NDArray> attentions) {
        this(hidden, attentions, List.of());
    }
}
