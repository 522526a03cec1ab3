package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017, §3.2):
 * {@code head_h = softmax(Q_h K_hᵀ / √d_k + M) V_h}, {@code out = concat(head_1..head_n) W_o}.
 *
 * <p>Self-attention passes the same tensor as query and key/value source; cross-attention passes
 * the encoder output as the source. {@code M} is an additive mask from {@link Masks} (padding,
 * causal, or their sum). The probabilities are returned with the context.
 */
public final class MultiHeadAttention extends GraftBlock {
    private final int numHeads;
    private final long headDim;
    private final float scale;
    private final float dropout;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;

    /**
     * @param hiddenSize model width H
     * @param numHeads heads; H must divide evenly
     * @param dropout dropout on the attention probabilities (training only)
     * @param scaled whether scores are divided by √d_k (T5 folds the scale into its weights)
     */
    public MultiHeadAttention(long hiddenSize, int numHeads, float dropout, boolean scaled) {
        if (numHeads <= 0 || hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException(
                    "hidden size " + hiddenSize + " is not divisible by " + numHeads + " attention heads");
        }
        this.numHeads = numHeads;
        this.headDim = hiddenSize / numHeads;
        this.scale = scaled ? (float) (1.0 / Math.sqrt(headDim)) : 1f;
        this.dropout = dropout;
        this.query = addChildBlock("query", new Linear(hiddenSize, hiddenSize));
        this.key = addChildBlock("key", new Linear(hiddenSize, hiddenSize));
        this.value = addChildBlock("value", new Linear(hiddenSize, hiddenSize));
        this.output = addChildBlock("output", new Linear(hiddenSize, hiddenSize));
    }

    public Linear query() {
        return query;
    }

    public Linear key() {
        return key;
    }

    public Linear value() {
        return value;
    }

    public Linear output() {
        return output;
    }

    /**
     * @param x (B, T, H) queries
     * @param source (B, S, H) keys and values: {@code x} itself for self-attention
     * @param mask additive mask broadcastable to (B, heads, T, S), or null
     */
    public AttentionOutput attend(ParameterStore ps, NDArray x, NDArray source, NDArray mask, boolean training) {
        NDArray q = splitHeads(query.apply(ps, x, training)); // (B, nh, T, hd)
        NDArray k = splitHeads(key.apply(ps, source, training)); // (B, nh, S, hd)
        NDArray v = splitHeads(value.apply(ps, source, training)); // (B, nh, S, hd)
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale); // (B, nh, T, S)
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray probs = scores.softmax(-1);
        NDArray attended = Dropout.dropout(probs, dropout, training).singletonOrThrow().matMul(v); // (B, nh, T, hd)
        Shape s = x.getShape();
        NDArray merged = attended.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(1), numHeads * headDim); // (B, T, H)
        return new AttentionOutput(output.apply(ps, merged, training), probs);
    }

    private NDArray splitHeads(NDArray t) {
        Shape s = t.getShape();
        return t.reshape(s.get(0), s.get(1), numHeads, headDim).transpose(0, 2, 1, 3);
    }

    /** Inputs: (x, source, mask); the mask may be omitted. Outputs: (context, weights). */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray mask = inputs.size() > 2 ? inputs.get(2) : null;
        AttentionOutput out = attend(ps, inputs.get(0), inputs.get(1), mask, training);
        return new NDList(out.context(), out.weights());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape src = inputShapes[1];
        return new Shape[] {x, new Shape(x.get(0), numHeads, x.get(1), src.get(1))};
    }
}
