package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * A learnt change to an {@link Embedding}'s rows added after the lookup, {@code weight[ids] + Δ(ids)}:
 * LoRA on the word embedding (PEFT's {@code lora_embedding_A / _B}), which leaves the table itself
 * frozen and shared.
 */
public interface EmbeddingUpdate {
    /**
     * @param ids (B, T) in {@code [0, numEmbeddings)}
     * @return (B, T, dim) to add to the lookup, or null when nothing applies (no active adapter)
     */
    NDArray delta(ParameterStore ps, NDArray ids, boolean training);
}
