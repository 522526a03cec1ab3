package dev.graft.core.model.encoder;

/** How learned absolute position ids are assigned. */
public enum PositionStyle {
    /** 0, 1, 2, ... for every row (BERT, DistilBERT). */
    ABSOLUTE,
    /**
     * RoBERTa: real tokens count from {@code pad_id + 1}, padding keeps {@code pad_id}, so the
     * position table has {@code pad_id + 1} rows that real tokens never use.
     */
    AFTER_PADDING
}
