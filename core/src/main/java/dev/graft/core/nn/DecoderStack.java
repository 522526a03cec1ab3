package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/** N decoder layers with cross-attention, optionally followed by a final LayerNorm. */
public final class DecoderStack extends GraftBlock {
    private final List<DecoderLayer> layers = new ArrayList<>();
    private final LayerNorm norm;

    public DecoderStack(LayerSpec spec, int numLayers, boolean finalNorm) {
        if (numLayers <= 0) {
            throw new IllegalArgumentException("a decoder needs at least one layer, got " + numLayers);
        }
        for (int i = 0; i < numLayers; i++) {
            layers.add(addChildBlock("layers." + i, new DecoderLayer(spec)));
        }
        this.norm = finalNorm ? addChildBlock("norm", new LayerNorm(spec.hiddenSize(), spec.layerNormEps())) : null;
    }

    /**
     * @param x (B, T, H) embedded target
     * @param memory (B, S, H) encoder output
     * @param selfMask additive causal + target padding mask
     * @param memoryMask additive (B, 1, 1, S) source padding mask, or null
     */
    public StackOutput apply(
            ParameterStore ps, NDArray x, NDArray memory, NDArray selfMask, NDArray memoryMask, boolean training) {
        List<NDArray> attentions = new ArrayList<>(layers.size());
        NDArray h = x;
        for (DecoderLayer layer : layers) {
            AttentionOutput out = layer.apply(ps, h, memory, selfMask, memoryMask, training);
            h = out.context();
            attentions.add(out.weights());
        }
        return new StackOutput(norm == null ? h : norm.apply(ps, h, training), attentions);
    }

    /** Inputs: (x, memory, self mask, memory mask). Outputs: (hidden, cross-attention weights of each layer...). */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        StackOutput out = apply(ps, inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), training);
        NDList result = new NDList(out.hidden());
        result.addAll(out.attentions());
        return result;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] layerOut = layers.get(0).getOutputShapes(inputShapes);
        Shape[] shapes = new Shape[layers.size() + 1];
        shapes[0] = inputShapes[0];
        for (int i = 1; i < shapes.length; i++) {
            shapes[i] = layerOut[1];
        }
        return shapes;
    }
}
