package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
    private EmbeddingExtension extension;

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

    /** Sets (null: removes) the rows looked up for ids at and past {@link #numEmbeddings()}. */
    public void setExtension(EmbeddingExtension extension) {
        this.extension = extension;
    }

    public EmbeddingExtension extension() {
        return extension;
    }

    public NDArray apply(ParameterStore ps, NDArray ids, boolean training) {
        NDArray w = value(ps, weight, ids, training);
        if (extension == null) {
            return ids.getNDArrayInternal().embedding(ids, w, SparseFormat.DENSE).singletonOrThrow();
        }
        NDArray extra = ids.gte(numEmbeddings); // (B, T)
        NDArray own = ids.mul(extra.logicalNot().toType(ids.getDataType(), false)); // extra ids read row 0 …
        NDArray base = own.getNDArrayInternal().embedding(own, w, SparseFormat.DENSE).singletonOrThrow();
        NDArray rows = extension.rows(ps, ids.sub(numEmbeddings).mul(extra.toType(ids.getDataType(), false)), training);
        return NDArrays.where(extra.expandDims(-1).broadcast(base.getShape()), rows, base); // … and are replaced here (B, T, dim)
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
