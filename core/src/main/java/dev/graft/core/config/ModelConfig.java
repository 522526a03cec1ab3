package dev.graft.core.config;

import java.util.Map;

/** A model's config.json, read into a validated record of its family. */
public interface ModelConfig {
    /** HF {@code model_type}. */
    String modelType();

    /** Class index to label name ({@code id2label}). */
    Map<Integer, String> id2label();

    /** The JSON it came from, kept whole so a saved model writes back the fields we do not model. */
    JsonConfig json();
}
