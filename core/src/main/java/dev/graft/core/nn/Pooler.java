package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** BERT's pooler: {@code tanh(h[:, 0] W + b)}, the first ([CLS]) token's state through a dense layer. */
public final class Pooler extends GraftBlock {
    private final Linear dense;

    public Pooler(long hiddenSize) {
        this.dense = addChildBlock("dense", new Linear(hiddenSize, hiddenSize));
    }

    /** (B, T, H) → (B, H). */
    public NDArray apply(ParameterStore ps, NDArray hidden, boolean training) {
        return dense.apply(ps, hidden.get(new NDIndex(":, 0, :")), training).tanh();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), x.get(2))};
    }
}
