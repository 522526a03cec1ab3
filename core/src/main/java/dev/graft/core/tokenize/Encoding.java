package dev.graft.core.tokenize;

/**
 * One encoded text or text pair, special tokens included, not padded.
 *
 * @param ids token ids
 * @param typeIds segment ids (0 for the first text, 1 for the second)
 * @param tokens the token strings, for inspection and statistics
 */
public record Encoding(long[] ids, long[] typeIds, String[] tokens) {
    public Encoding {
        if (ids.length != typeIds.length || ids.length != tokens.length) {
            throw new IllegalArgumentException("ids, typeIds and tokens differ in length: "
                    + ids.length + ", " + typeIds.length + ", " + tokens.length);
        }
    }

    public int length() {
        return ids.length;
    }
}
