package dev.graft.core.generate;

/** Receives each token as it is chosen, for streaming. */
@FunctionalInterface
public interface TokenListener {
    TokenListener NONE = (row, token) -> {};

    void onToken(int row, long token);
}
