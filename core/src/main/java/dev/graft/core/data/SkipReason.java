package dev.graft.core.data;

import java.util.Locale;

/** Why a row was not used. Only {@link #NO_GOLD_LABEL} is skipped without {@code --skip-bad-rows}. */
public enum SkipReason {
    /** SNLI/MultiNLI {@code -} (annotators did not agree) or HF {@code -1}. */
    NO_GOLD_LABEL,
    BAD_JSON,
    BAD_CSV,
    MISSING_FIELD,
    /** A field holding the wrong JSON type (a number where text is expected …). */
    BAD_FIELD,
    UNKNOWN_LABEL,
    WRONG_COLUMN_COUNT;

    /** The name printed in statistics: {@code no_gold_label} … */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
