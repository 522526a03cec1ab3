package dev.graft.core.generate;

/**
 * @param prompt the prompt's ids
 * @param generated the new ids (a final stop token included, as HF includes EOS)
 * @param text the decoded continuation, cut before a stop string; null without a tokenizer
 * @param finishReason why it ended
 */
public record GenerationResult(long[] prompt, long[] generated, String text, FinishReason finishReason) {}
