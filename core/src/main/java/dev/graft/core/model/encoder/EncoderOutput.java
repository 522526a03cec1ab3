package dev.graft.core.model.encoder;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * @param embeddingOutput (B, T, H) after the embedding LayerNorm
 * @param lastHiddenState (B, T, H)
 * @param poolerOutput (B, H), or null for families without a pooler
 * @param logits (B, labels) for classification, (B, T, vocab) for masked LM, null for the body alone
 * @param attentions per layer (B, heads, T, T)
 */
public record EncoderOutput(
        NDArray embeddingOutput,
        NDArray lastHiddenState,
        NDArray poolerOutput,
        NDArray logits,
        List<NDArray> attentions) {}
