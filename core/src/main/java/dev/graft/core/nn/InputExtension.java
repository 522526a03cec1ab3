package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;

/**
 * A model's one input-level extension point: rewrites token ids, attention mask and token types
 * before embedding (prompt tuning inserts its virtual token ids and widens the mask with ones).
 */
public interface InputExtension {
    /**
     * @param ids (B, T) token ids
     * @param attentionMask (B, T) or null
     * @param typeIds (B, T) or null
     */
    Inputs extend(NDArray ids, NDArray attentionMask, NDArray typeIds);

    /** Extra positions this extension adds to a row. */
    long length();

    /** Extended inputs; the mask and types stay null where they were. */
    record Inputs(NDArray ids, NDArray attentionMask, NDArray typeIds) {}
}
