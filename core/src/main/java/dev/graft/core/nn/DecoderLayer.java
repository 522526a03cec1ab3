package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One decoder layer of the encoder-decoder Transformer: masked self-attention, cross-attention
 * over the encoder output, feed-forward; each inside a {@link Residual}.
 */
public final class DecoderLayer extends GraftBlock {
    private final LayerSpec spec;
    private final MultiHeadAttention selfAttention;
    private final LayerNorm selfAttentionNorm;
    private final MultiHeadAttention crossAttention;
    private final LayerNorm crossAttentionNorm;
    private final FeedForward ffn;
    private final LayerNorm ffnNorm;

    public DecoderLayer(LayerSpec spec) {
        this.spec = spec;
        long h = spec.hiddenSize();
        float p = spec.attentionDropout();
        this.selfAttention = addChildBlock("self_attention", new MultiHeadAttention(h, spec.numHeads(), p, true));
        this.selfAttentionNorm = addChildBlock("self_attention_norm", new LayerNorm(h, spec.layerNormEps()));
        this.crossAttention = addChildBlock("cross_attention", new MultiHeadAttention(h, spec.numHeads(), p, true));
        this.crossAttentionNorm = addChildBlock("cross_attention_norm", new LayerNorm(h, spec.layerNormEps()));
        this.ffn = addChildBlock("ffn", new FeedForward(h, spec.intermediateSize(), spec.activation(), spec.ffnDropout()));
        this.ffnNorm = addChildBlock("ffn_norm", new LayerNorm(h, spec.layerNormEps()));
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
        boolean pre = spec.preNorm();
        float drop = spec.hiddenDropout();
        NDArray h = Residual.apply(ps, x, selfAttentionNorm, pre, drop, training,
                in -> selfAttention.attend(ps, in, in, selfMask, training).context());
        NDArray[] weights = new NDArray[1];
        h = Residual.apply(ps, h, crossAttentionNorm, pre, drop, training, in -> {
            AttentionOutput a = crossAttention.attend(ps, in, memory, memoryMask, training);
            weights[0] = a.weights();
            return a.context();
        });
        h = Residual.apply(ps, h, ffnNorm, pre, drop, training, in -> ffn.apply(ps, in, training));
        return new AttentionOutput(h, weights[0]);
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
