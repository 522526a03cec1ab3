package dev.graft.core.data;

/**
 * A dataset file Graft cannot read as NLI data. The message names {@code file:line}, the field or
 * column, what was expected and what was found.
 */
public final class NliDataException extends RuntimeException {
    private final SkipReason reason;

    /** A whole-file problem (missing file, unknown format, header without a needed column). */
    public NliDataException(String message) {
        this(message, null);
    }

    /** A problem with one row; {@code --skip-bad-rows} counts it under {@code reason} instead. */
    public NliDataException(String message, SkipReason reason) {
        super(message);
        this.reason = reason;
    }

    /** The row-level reason, or null when the whole file is unusable. */
    public SkipReason reason() {
        return reason;
    }
}
