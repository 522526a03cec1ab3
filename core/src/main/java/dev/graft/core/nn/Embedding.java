package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/** A lookup table {@code weight[ids]}: weight (numEmbeddings, dim), ids (B, T) → (B, T, dim). */
public final class Embedding extends GraftBlock {
    private final long numEmbeddings;
    private final long dim;
    private final Parameter weight;

    public Embedding(long numEmbeddings, long dim) {
        this.numEmbeddings = numEmbeddings;
        this.dim = dim;
        this.weight = param("weight", Parameter.Type.WEIGHT, new NormalInitializer(0.02f), numEmbeddings, dim);
    }

    public long numEmbeddings() {
        return numEmbeddings;
    }

    public long dim() {
        return dim;
    }

    /** The table itself, for heads whose output projection is tied to it. */
    public Parameter weight() {
        return weight;
    }

    public NDArray apply(ParameterStore ps, NDArray ids, boolean training) {
        NDArray w = value(ps, weight, ids, training);
        return ids.getNDArrayInternal().embedding(ids, w, SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(dim)};
    }
}
