package dev.graft.core.nn;

import ai.djl.training.ParameterStore;

/**
 * The one extension point of {@link MultiHeadAttention}: keys and values prepended to those the block
 * computed, visible to every query (prefix tuning, Li and Liang 2021). The block widens the mask
 * with zeros for the extra positions; the decoding cache keeps only the block's own keys and values,
 * so the prefix is prepended afresh at every step.
 */
public interface KeyValueExtension {
    /**
     * @param kv the block's keys and values, (B, nh, S, hd) each
     * @return keys and values of (B, nh, P + S, hd), the P extra positions first
     */
    KeyValue prepend(ParameterStore ps, KeyValue kv, boolean training);
}
