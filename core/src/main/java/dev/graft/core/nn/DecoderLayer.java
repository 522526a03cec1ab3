package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One decoder layer of an encoder-decoder model: masked self-attention, cross-attention over the
 * encoder output, feed-forward; each inside a {@link Residual}.
 */
public final class DecoderLayer extends GraftBlock {
    private final LayerSpec spec;
    private final MultiHeadAttention selfAttention;
    private final NormBlock selfAttentionNorm;
    private final MultiHeadAttention crossAttention;
    private final NormBlock crossAttentionNorm;
    private final FeedForward ffn;
    private final NormBlock ffnNorm;

    public DecoderLayer(LayerSpec spec) {
        this.spec = spec;
        long h = spec.hiddenSize();
        this.selfAttention = addChildBlock("self_attention", new MultiHeadAttention(spec));
        this.selfAttentionNorm = addChildBlock("self_attention_norm", spec.norm().create(h, spec.normEps()));
        this.crossAttention = addChildBlock("cross_attention", new MultiHeadAttention(spec));
        this.crossAttentionNorm = addChildBlock("cross_attention_norm", spec.norm().create(h, spec.normEps()));
        this.ffn = addChildBlock("ffn", new FeedForward(spec));
        this.ffnNorm = addChildBlock("ffn_norm", spec.norm().create(h, spec.normEps()));
    }

    /**
     * @param x (B, T, H) decoder states
     * @param memory (B, S, H) encoder output
     * @param selfMask additive (B|1, 1, T, T): causal plus target padding
     * @param memoryMask additive (B, 1, 1, S): source padding, or null
     * @return the new states and the cross-attention weights (B, heads, T, S)
     */
    public AttentionOutput apply(
            ParameterStore ps, NDArray x, NDArray memory, NDArray selfMask, NDArray memoryMask, boolean training) {
        DecoderLayerOutput out = apply(ps, x, memory, selfMask, memoryMask, null, training);
        return new AttentionOutput(out.hidden(), out.crossWeights());
    }

    /** As above, extending a decoding cache (null for none); the self mask spans cached plus new positions. */
    public DecoderLayerOutput apply(ParameterStore ps, NDArray x, NDArray memory, NDArray selfMask, NDArray memoryMask,
            LayerCache past, boolean training) {
        boolean pre = spec.preNorm();
        float drop = spec.hiddenDropout();
        AttentionOutput[] self = new AttentionOutput[1];
        AttentionOutput[] cross = new AttentionOutput[1];
        NDArray h = Residual.apply(ps, x, selfAttentionNorm, pre, drop, training, in -> {
            self[0] = selfAttention.selfAttend(ps, in, selfMask, past == null ? null : past.self(), training);
            return self[0].context();
        });
        h = Residual.apply(ps, h, crossAttentionNorm, pre, drop, training, in -> {
            cross[0] = crossAttention.crossAttend(ps, in, memory, memoryMask, past == null ? null : past.cross(), training);
            return cross[0].context();
        });
        h = Residual.apply(ps, h, ffnNorm, pre, drop, training, in -> ffn.apply(ps, in, training));
        return new DecoderLayerOutput(h, cross[0].weights(), new LayerCache(self[0].keyValue(), cross[0].keyValue()));
    }

    /** Inputs: (x, memory, self mask, memory mask). Outputs: (hidden, cross-attention weights). */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        AttentionOutput out = apply(ps, inputs.get(0), inputs.get(1), inputs.get(2), inputs.get(3), training);
        return new NDList(out.context(), out.weights());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape m = inputShapes[1];
        return new Shape[] {x, new Shape(x.get(0), spec.numHeads(), x.get(1), m.get(1))};
    }
}
