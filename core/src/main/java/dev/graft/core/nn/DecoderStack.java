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
    private final NormBlock norm;

    public DecoderStack(LayerSpec spec, int numLayers, boolean finalNorm) {
        if (numLayers <= 0) {
            throw new IllegalArgumentException("a decoder needs at least one layer, got " + numLayers);
        }
        for (int i = 0; i < numLayers; i++) {
            layers.add(addChildBlock("layers." + i, new DecoderLayer(spec)));
        }
        this.norm = finalNorm ? addChildBlock("norm", spec.norm().create(spec.hiddenSize(), spec.normEps())) : null;
    }

    /**
     * @param x (B, T, H) embedded target
     * @param memory (B, S, H) encoder output
     * @param selfMask additive causal + target padding mask
     * @param memoryMask additive (B, 1, 1, S) source padding mask, or null
     */
    public StackOutput apply(
            ParameterStore ps, NDArray x, NDArray memory, NDArray selfMask, NDArray memoryMask, boolean training) {
        return apply(ps, x, memory, selfMask, memoryMask, null, training);
    }

    /** As above, extending the per-layer caches of an earlier step ({@code past}, or null at the first). */
    public StackOutput apply(ParameterStore ps, NDArray x, NDArray memory, NDArray selfMask, NDArray memoryMask,
            List<LayerCache> past, boolean training) {
        List<NDArray> attentions = new ArrayList<>(layers.size());
        List<LayerCache> cache = new ArrayList<>(layers.size());
        NDArray h = x;
        for (int i = 0; i < layers.size(); i++) {
            DecoderLayerOutput out = layers.get(i).apply(ps, h, memory, selfMask, memoryMask,
                    past == null ? null : past.get(i), training);
            h = out.hidden();
            attentions.add(out.crossWeights());
            cache.add(out.cache());
        }
        return new StackOutput(norm == null ? h : norm.apply(ps, h, training), attentions, cache);
    }

    /** Inputs: (x, memory, self mask, memory mask). Outputs: (hidden, cross-attention weights of each layer...). */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        StackOutput out = apply(ps, inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), training);
        return out.toNDList();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return StackOutput.shapes(inputShapes[0], layers.get(0).getOutputShapes(inputShapes)[1], layers.size());
    }
}
