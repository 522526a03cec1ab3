package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * Rows beyond an {@link Embedding}'s table: ids {@code numEmbeddings + j} look up row {@code j} here
 * (prompt tuning's soft tokens, Lester et al. 2021), so virtual tokens travel through a model's
 * embedding code (positions, token types, LayerNorm) exactly like real ones.
 */
public interface EmbeddingExtension {
    /** Rows held. */
    long size();

    /** @param ids (B, T) in {@code [0, size)} @return (B, T, dim) */
    NDArray rows(ParameterStore ps, NDArray ids, boolean training);
}
