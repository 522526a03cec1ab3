package dev.graft.core.generate;

/**
 * One batch being decoded: it holds the prompts' state (and the key-value cache when caching) and
 * returns the next-token logits after each step.
 */
public interface DecodingSession extends AutoCloseable {
    /**
     * @param appended one token per row, appended since the previous call; null at the first call
     * @return (B, vocab) logits for the next token of each row
     */
    float[][] next(long[] appended);

    @Override
    void close();
}
