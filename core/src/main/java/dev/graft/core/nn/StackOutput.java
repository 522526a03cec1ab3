package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
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

    /** DJL's form of a stack's output: (hidden, attention weights of each layer...). */
    public NDList toNDList() {
        NDList result = new NDList(hidden);
        result.addAll(attentions);
        return result;
    }

    /** The shapes of {@link #toNDList()}: the input's, then one attention shape per layer. */
    static Shape[] shapes(Shape input, Shape attention, int layers) {
        Shape[] shapes = new Shape[layers + 1];
        shapes[0] = input;
        java.util.Arrays.fill(shapes, 1, shapes.length, attention);
        return shapes;
    }
}
