package dev.graft.core.tokenize;

/**
 * What the rest of Graft needs from a tokenizer: encode single texts and pairs (special tokens and
 * truncation applied), decode, and the id to pad with. Implemented over HF {@code tokenizer.json}
 * files through DJL (which runs HF's Rust tokenizers).
 */
public interface TextTokenizer extends AutoCloseable {
    Encoding encode(String text);

    Encoding encodePair(String first, String second);

    String decode(long[] ids);

    /** The tokenizer's padding id, never assumed to be 0. */
    long padId();

    /** The longest encoding this tokenizer produces (the model's position limit), after truncation. */
    int maxLength();

    @Override
    void close();
}
