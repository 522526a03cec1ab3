package dev.graft.core.data;

/** Yields a file's records one at a time; each format's parser implements it. */
interface RowSource {
    /**
     * The next record, or null at the end. A malformed record throws an {@link NliDataException}
     * with a reason, after it was consumed, so that reading can go on past it.
     */
    RawRow next();

    /** The header's column names for formats that have one; null for JSON lines. */
    default java.util.Set<String> header() {
        return null;
    }

    static RowSource create(NliFormat format, LineCursor lines, String firstLine) {
        return switch (format) {
            case SNLI_JSONL, MULTINLI_JSONL, HF_JSONL -> new JsonlSource(lines, firstLine);
            case SNLI_TXT, MULTINLI_TXT, GLUE_TSV -> new TsvSource(lines, firstLine);
            case HF_CSV -> new CsvSource(lines, firstLine);
        };
    }
}
