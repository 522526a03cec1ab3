package dev.graft.finetune;

/**
 * A masked-LM batch: the corrupted inputs, attention mask and token types, and the original id at each
 * chosen position ({@code LmBatch.IGNORE} elsewhere).
 *
 * @param ids (B, T) inputs after masking, right-padded
 * @param mask (B, T) 1 for tokens, 0 for padding
 * @param typeIds (B, T) segment ids (1 for the second text of a pair)
 * @param targets (B, T) original ids where the loss is taken
 */
public record MaskedBatch(long[][] ids, long[][] mask, long[][] typeIds, long[][] targets) {
    public int size() {
        return ids.length;
    }
}
