package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Output projection tied to the input embedding (Press and Wolf 2017): {@code logits = scale · h Eᵀ}.
 * The embedding is referenced, not owned, so the table is one parameter that both ends train and
 * that a checkpoint stores once.
 */
public final class TiedLmHead extends GraftBlock {
    private final Embedding embedding;
    private final float scale;

    /** @param scale 1 for BERT/GPT-2; T5 multiplies by {@code d_model^-0.5} when tied */
    public TiedLmHead(Embedding embedding, float scale) {
        this.embedding = embedding;
        this.scale = scale;
    }

    /** (B, T, H) → (B, T, vocab). */
    public NDArray apply(ParameterStore ps, NDArray hidden, boolean training) {
        NDArray table = value(ps, embedding.weight(), hidden, training); // (V, H)
        NDArray h = scale == 1f ? hidden : Scalars.mul(hidden, scale);
        // linear(h, E) = h Eᵀ without materialising Eᵀ: an op on the table would leave its result in the
        // model's manager, one per call.
        return ai.djl.nn.core.Linear.linear(h, table, null).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {x.slice(0, x.dimension() - 1).add(embedding.numEmbeddings())};
    }
}
