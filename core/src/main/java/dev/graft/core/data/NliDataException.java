package dev.graft.core.data;

/**
 * A dataset file Graft cannot read as NLI data. The message names {@code file:line}, the field or
 * column, what was expected and what was found.
 */
public final class NliDataException extends RuntimeException {
    private final SkipReason reason;
    /** An unknown format's message before its "Pass --format" advice; null for other problems. */
    private final String withoutFormatHint;

    /** A whole-file problem (missing file, unknown format, header without a needed column). */
    public NliDataException(String message) {
        this(message, null);
    }

    /** A problem with one row; {@code --skip-bad-rows} counts it under {@code reason} instead. */
    public NliDataException(String message, SkipReason reason) {
        this(message, reason, null);
    }

    private NliDataException(String message, SkipReason reason, String withoutFormatHint) {
        super(message);
        this.reason = reason;
        this.withoutFormatHint = withoutFormatHint;
    }

    /** A file whose format detection failed; {@code hint} says how to name the format. */
    static NliDataException unknownFormat(String detail, String hint) {
        return new NliDataException(detail + ". " + hint, null, detail);
    }

    /** Whether the file's format could not be detected (the message then ends with the --format advice). */
    public boolean isUnknownFormat() {
        return withoutFormatHint != null;
    }

    /**
     * The message without the advice to pass {@code --format}, for commands that have no such option;
     * the whole message for any other problem.
     */
    public String withoutFormatHint() {
        return withoutFormatHint != null ? withoutFormatHint : getMessage();
    }

    /** The row-level reason, or null when the whole file is unusable. */
    public SkipReason reason() {
        return reason;
    }
}
