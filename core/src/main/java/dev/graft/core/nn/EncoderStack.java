package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * N self-attention layers, optionally followed by a final norm (pre-LN stacks and torch.nn have one):
 * an encoder with a padding mask, a decoder-only model (GPT-2) with a causal one.
 */
public final class EncoderStack extends GraftBlock {
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final NormBlock norm;

    public EncoderStack(LayerSpec spec, int numLayers, boolean finalNorm) {
        if (numLayers <= 0) {
            throw new IllegalArgumentException("an encoder needs at least one layer, got " + numLayers);
        }
        for (int i = 0; i < numLayers; i++) {
            layers.add(addChildBlock("layers." + i, new EncoderLayer(spec)));
        }
        this.norm = finalNorm ? addChildBlock("norm", spec.norm().create(spec.hiddenSize(), spec.normEps())) : null;
    }

    public List<EncoderLayer> layers() {
        return List.copyOf(layers);
    }

    /**
     * @param x (B, T, H) embedded input
     * @param mask additive (B, 1, 1, T) padding mask, or null
     */
    public StackOutput apply(ParameterStore ps, NDArray x, NDArray mask, boolean training) {
        return apply(ps, x, mask, null, training);
    }

    /**
     * As {@link #apply(ParameterStore, NDArray, NDArray, boolean)}, extending the per-layer caches of an
     * earlier step ({@code past}, or null at the first step); the mask spans cached plus new positions.
     */
    public StackOutput apply(ParameterStore ps, NDArray x, NDArray mask, List<LayerCache> past, boolean training) {
        List<NDArray> attentions = new ArrayList<>(layers.size());
        List<LayerCache> cache = new ArrayList<>(layers.size());
        NDArray h = x;
        for (int i = 0; i < layers.size(); i++) {
            KeyValue pastKv = past == null ? null : past.get(i).self();
            AttentionOutput out = layers.get(i).apply(ps, h, mask, pastKv, training);
            h = out.context();
            attentions.add(out.weights());
            cache.add(new LayerCache(out.keyValue(), null));
        }
        return new StackOutput(norm == null ? h : norm.apply(ps, h, training), attentions, cache);
    }

    /** Inputs: (x[, mask]). Outputs: (hidden, attention weights of each layer...). */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        StackOutput out = apply(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training);
        return out.toNDList();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return StackOutput.shapes(inputShapes[0], layers.get(0).getOutputShapes(inputShapes)[1], layers.size());
    }
}
