package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A self-attention layer: self-attention then feed-forward, each inside a {@link Residual}. It is
 * BERT's encoder layer with a padding mask and GPT-2's block with a causal one (decoder-only models
 * have no cross-attention, so their blocks are this layer).
 */
public final class EncoderLayer extends GraftBlock {
    private final LayerSpec spec;
    private final MultiHeadAttention attention;
    private final NormBlock attentionNorm;
    private final FeedForward ffn;
    private final NormBlock ffnNorm;

    public EncoderLayer(LayerSpec spec) {
        this.spec = spec;
        long h = spec.hiddenSize();
        this.attention = addChildBlock("attention", new MultiHeadAttention(spec));
        this.attentionNorm = addChildBlock("attention_norm", spec.norm().create(h, spec.normEps()));
        this.ffn = addChildBlock("ffn", new FeedForward(spec));
        this.ffnNorm = addChildBlock("ffn_norm", spec.norm().create(h, spec.normEps()));
    }

    public MultiHeadAttention attention() {
        return attention;
    }

    public FeedForward ffn() {
        return ffn;
    }

    /**
     * @param x (B, T, H)
     * @param mask additive mask over the keys (padding, causal and/or a position bias), or null
     */
    public AttentionOutput apply(ParameterStore ps, NDArray x, NDArray mask, boolean training) {
        return apply(ps, x, mask, null, training);
    }

    /** As {@link #apply(ParameterStore, NDArray, NDArray, boolean)}, extending a decoding cache. */
    public AttentionOutput apply(ParameterStore ps, NDArray x, NDArray mask, KeyValue past, boolean training) {
        AttentionOutput[] attended = new AttentionOutput[1];
        NDArray h = Residual.apply(ps, x, attentionNorm, spec.preNorm(), spec.hiddenDropout(), training, in -> {
            attended[0] = attention.selfAttend(ps, in, mask, past, training);
            return attended[0].context();
        });
        h = Residual.apply(ps, h, ffnNorm, spec.preNorm(), spec.hiddenDropout(), training,
                in -> ffn.apply(ps, in, training));
        return new AttentionOutput(h, attended[0].weights(), attended[0].keyValue());
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
