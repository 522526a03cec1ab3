package dev.graft.core.data;

/** One record of a file before it becomes an {@link NliExample}: fields looked up by name. */
interface RawRow {
    /** {@code file:line} of the record's first line. */
    String where();

    /** Number of the record's first line. */
    long line();

    /** The field's text, or null when the record lacks it; a value of the wrong type is an error. */
    String text(String field);

    /** Like {@link #text}, but an integer is also accepted (labels and ids may be either). */
    String textOrInteger(String field);
}
