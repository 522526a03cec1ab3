package dev.graft.core.tokenize;

import java.util.Objects;

/**
 * How an {@link HfTokenizer} encodes: the longest encoding it may produce, how a pair that is too
 * long loses tokens, and whether the post-processor's special tokens ({@code [CLS] … [SEP]}) are added.
 *
 * @param maxLength the longest encoding, special tokens included: the model's position limit. Passed
 *     to DJL as both its {@code maxLength} and {@code modelMaxLength}, because DJL otherwise clamps
 *     any longer limit to 512 with a warning.
 * @param truncation which text of a pair loses tokens when the pair is too long
 * @param addSpecialTokens apply the tokenizer's post-processor (BERT: {@code [CLS] a [SEP] b [SEP]};
 *     GPT-2's byte-level post-processor adds none either way)
 */
public record TokenizerOptions(int maxLength, Truncation truncation, boolean addSpecialTokens) {
    /** The truncation strategies of HF {@code transformers} that Graft's data pipeline uses. */
    public enum Truncation {
        /**
         * Remove tokens one at a time from the longer text of a pair (HF {@code longest_first}); a
         * single text loses its tail.
         */
        LONGEST_FIRST,
        /**
         * Remove tokens from the second text of a pair only (HF {@code only_second}, the usual choice
         * for question/context pairs); a pair whose first text alone is too long is an error. A single
         * text, having no second part, loses its tail.
         */
        ONLY_SECOND
    }

    public TokenizerOptions {
        Objects.requireNonNull(truncation, "truncation");
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, got " + maxLength);
        }
    }

    /** Longest-first truncation at {@code maxLength}, with special tokens. */
    public static TokenizerOptions of(int maxLength) {
        return new TokenizerOptions(maxLength, Truncation.LONGEST_FIRST, true);
    }

    /**
     * No practical length limit and no special tokens: what measuring a tokenizer on raw text needs
     * (statistics must see every token of a long line).
     */
    public static TokenizerOptions unlimited() {
        return new TokenizerOptions(Integer.MAX_VALUE, Truncation.LONGEST_FIRST, false);
    }

    public TokenizerOptions withTruncation(Truncation newTruncation) {
        return new TokenizerOptions(maxLength, newTruncation, addSpecialTokens);
    }

    public TokenizerOptions withSpecialTokens(boolean add) {
        return new TokenizerOptions(maxLength, truncation, add);
    }
}
