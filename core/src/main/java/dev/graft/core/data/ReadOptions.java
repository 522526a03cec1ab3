package dev.graft.core.data;

import java.util.Objects;

/**
 * How to read an NLI file.
 *
 * @param format the layout, or null to detect it from the file's first line
 * @param labelOrder the names of integer labels 0, 1, 2 …
 * @param skipBadRows count malformed rows and go on, instead of stopping at the first
 */
public record ReadOptions(NliFormat format, LabelOrder labelOrder, boolean skipBadRows) {
    public ReadOptions {
        Objects.requireNonNull(labelOrder, "labelOrder");
    }

    /** Detected format, the HF label order, stop at the first malformed row. */
    public static ReadOptions defaults() {
        return new ReadOptions(null, LabelOrder.HF_DEFAULT, false);
    }

    public ReadOptions withFormat(NliFormat f) {
        return new ReadOptions(f, labelOrder, skipBadRows);
    }

    public ReadOptions withLabelOrder(LabelOrder order) {
        return new ReadOptions(format, order, skipBadRows);
    }

    public ReadOptions withSkipBadRows(boolean skip) {
        return new ReadOptions(format, labelOrder, skip);
    }
}
