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
    private EmbeddingUpdate update;

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

    /** Sets (null: removes) the change added to the looked-up rows of the table's own ids. */
    public void setUpdate(EmbeddingUpdate update) {
        this.update = update;
    }

    public EmbeddingUpdate update() {
        return update;
    }

    public NDArray apply(ParameterStore ps, NDArray ids, boolean training) {
        NDArray w = value(ps, weight, ids, training);
        if (extension == null) {
            return updated(ps, ids, ids.getNDArrayInternal().embedding(ids, w, SparseFormat.DENSE).singletonOrThrow(), training);
        }
        NDArray extra = ids.gte(numEmbeddings); // (B, T)
        NDArray own = ids.mul(extra.logicalNot().toType(ids.getDataType(), false)); // extra ids read row 0 …
        NDArray base = updated(ps, own, own.getNDArrayInternal().embedding(own, w, SparseFormat.DENSE).singletonOrThrow(), training);
        NDArray rows = extension.rows(ps, ids.sub(numEmbeddings).mul(extra.toType(ids.getDataType(), false)), training);
        return NDArrays.where(extra.expandDims(-1).broadcast(base.getShape()), rows, base); // … and are replaced here (B, T, dim)
    }

    private NDArray updated(ParameterStore ps, NDArray ids, NDArray rows, boolean training) {
        NDArray delta = update == null ? null : update.delta(ps, ids, training);
        return delta == null ? rows : rows.add(delta);
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
