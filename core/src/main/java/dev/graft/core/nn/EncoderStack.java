package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/** N encoder layers, optionally followed by a final LayerNorm (pre-LN stacks and torch.nn have one). */
public final class EncoderStack extends GraftBlock {
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final LayerNorm norm;

    public EncoderStack(LayerSpec spec, int numLayers, boolean finalNorm) {
        if (numLayers <= 0) {
            throw new IllegalArgumentException("an encoder needs at least one layer, got " + numLayers);
        }
        for (int i = 0; i < numLayers; i++) {
            layers.add(addChildBlock("layers." + i, new EncoderLayer(spec)));
        }
        this.norm = finalNorm ? addChildBlock("norm", new LayerNorm(spec.hiddenSize(), spec.layerNormEps())) : null;
    }

    public List<EncoderLayer> layers() {
        return List.copyOf(layers);
    }

    /**
     * @param x (B, T, H) embedded input
     * @param mask additive (B, 1, 1, T) padding mask, or null
     */
    public StackOutput apply(ParameterStore ps, NDArray x, NDArray mask, boolean training) {
        List<NDArray> attentions = new ArrayList<>(layers.size());
        NDArray h = x;
        for (EncoderLayer layer : layers) {
            AttentionOutput out = layer.apply(ps, h, mask, training);
            h = out.context();
            attentions.add(out.weights());
        }
        return new StackOutput(norm == null ? h : norm.apply(ps, h, training), attentions);
    }

    /** Inputs: (x[, mask]). Outputs: (hidden, attention weights of each layer...). */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        StackOutput out = apply(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training);
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
