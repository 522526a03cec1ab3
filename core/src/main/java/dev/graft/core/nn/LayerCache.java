package dev.graft.core.nn;

/**
 * One layer's decoding cache.
 *
 * @param self keys and values of the self-attention over every position so far
 * @param cross keys and values of the cross-attention over the encoder output (null in layers without one)
 */
public record LayerCache(KeyValue self, KeyValue cross) {}
