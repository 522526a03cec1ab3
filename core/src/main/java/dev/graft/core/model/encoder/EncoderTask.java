package dev.graft.core.model.encoder;

/** Which head sits on the encoder body. */
public enum EncoderTask {
    /** The body alone: hidden states (and the pooler output for BERT). */
    BASE,
    SEQUENCE_CLASSIFICATION,
    MASKED_LM
}
