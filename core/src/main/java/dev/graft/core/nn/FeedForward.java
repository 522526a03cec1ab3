package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Position-wise feed-forward {@code FFN(x) = act(x W_in + b_in) W_out + b_out} (Vaswani et al. §3.3). */
public final class FeedForward extends GraftBlock {
    private final Activation activation;
    private final float innerDropout;
    private final Linear in;
    private final Linear out;

    /**
     * @param innerDropout dropout after the activation (torch.nn and T5 have it; BERT does not: 0)
     */
    public FeedForward(long hiddenSize, long intermediateSize, Activation activation, float innerDropout) {
        this.activation = activation;
        this.innerDropout = innerDropout;
        this.in = addChildBlock("in", new Linear(hiddenSize, intermediateSize));
        this.out = addChildBlock("out", new Linear(intermediateSize, hiddenSize));
    }

    public Linear in() {
        return in;
    }

    public Linear out() {
        return out;
    }

    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray h = activation.apply(in.apply(ps, x, training)); // (B, T, I)
        h = Dropout.dropout(h, innerDropout, training).singletonOrThrow();
        return out.apply(ps, h, training); // (B, T, H)
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
