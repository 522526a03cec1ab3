package dev.graft.core.model.transformer;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * @param memory (B, S, H) encoder output
 * @param decoderHidden (B, T, H) decoder output
 * @param logits (B, T, target vocab)
 * @param crossAttentions per decoder layer (B, heads, T, S)
 */
public record Seq2SeqOutput(NDArray memory, NDArray decoderHidden, NDArray logits, List<NDArray> crossAttentions) {}
