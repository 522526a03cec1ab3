package dev.graft.core.tokenize;

/**
 * A tokenizer file that cannot be used, a corpus that cannot be trained on, or a text that cannot be
 * encoded under the chosen options. Every message names the file (and the field or line where there
 * is one), what was expected and what was found.
 *
 * <p>Unchecked for the same reason as {@code CheckpointFormatException}: the caller cannot repair a
 * broken file, so commands let it travel up and print one line.
 */
public final class TokenizerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
