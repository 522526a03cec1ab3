package dev.graft.core.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.graft.core.nn.Embedding;
import dev.graft.core.nn.EmbeddingExtension;
import dev.graft.core.nn.GraftBlock;

/**
 * Prompt tuning's soft tokens (Lester et al. 2021): a (P, H) table, PEFT's
 * {@code prompt_encoder.NAME.embedding.weight}, read by the word embedding for virtual ids
 * {@code vocab + j}.
 */
public final class PromptEmbedding extends GraftBlock implements EmbeddingExtension {
    private final Embedding embedding;

    PromptEmbedding(int numVirtualTokens, long dim) {
        this.embedding = addChildBlock("embedding", new Embedding(numVirtualTokens, dim));
    }

    public Parameter weight() {
        return embedding.weight();
    }

    @Override
    public long size() {
        return embedding.numEmbeddings();
    }

    @Override
    public NDArray rows(ParameterStore ps, NDArray ids, boolean training) {
        return embedding.apply(ps, ids, training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(rows(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return embedding.getOutputShapes(inputShapes);
    }
}
