package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** One encoder layer: self-attention then feed-forward, each inside a {@link Residual}. */
public final class EncoderLayer extends GraftBlock {
    private final LayerSpec spec;
    private final MultiHeadAttention attention;
    private final LayerNorm attentionNorm;
    private final FeedForward ffn;
    private final LayerNorm ffnNorm;

    public EncoderLayer(LayerSpec spec) {
        this.spec = spec;
        long h = spec.hiddenSize();
        this.attention = addChildBlock("attention", new MultiHeadAttention(h, spec.numHeads(), spec.attentionDropout(), true));
        this.attentionNorm = addChildBlock("attention_norm", new LayerNorm(h, spec.layerNormEps()));
        this.ffn = addChildBlock("ffn", new FeedForward(h, spec.intermediateSize(), spec.activation(), spec.ffnDropout()));
        this.ffnNorm = addChildBlock("ffn_norm", new LayerNorm(h, spec.layerNormEps()));
    }

    public MultiHeadAttention attention() {
        return attention;
    }

    public FeedForward ffn() {
        return ffn;
    }

    /**
     * @param x (B, T, H)
     * @param mask additive (B, 1, 1, T) padding mask, or null
     */
    public AttentionOutput apply(ParameterStore ps, NDArray x, NDArray mask, boolean training) {
        NDArray[] weights = new NDArray[1];
        NDArray h = Residual.apply(ps, x, attentionNorm, spec.preNorm(), spec.hiddenDropout(), training, in -> {
            AttentionOutput a = attention.attend(ps, in, in, mask, training);
            weights[0] = a.weights();
            return a.context();
        });
        h = Residual.apply(ps, h, ffnNorm, spec.preNorm(), spec.hiddenDropout(), training,
                in -> ffn.apply(ps, in, training));
        return new AttentionOutput(h, weights[0]);
    }

    /** Inputs: (x[, additive mask]). Outputs: (hidden, attention weights). */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        AttentionOutput out = apply(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training);
        return new NDList(out.context(), out.weights());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {x, new Shape(x.get(0), spec.numHeads(), x.get(1), x.get(1))};
    }
}
