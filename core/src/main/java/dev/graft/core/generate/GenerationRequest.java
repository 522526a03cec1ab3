package dev.graft.core.generate;

import java.util.Objects;

/** A prompt (token ids, no padding) and how to continue it. */
public record GenerationRequest(long[] prompt, GenerationConfig config) {
    public GenerationRequest {
        Objects.requireNonNull(config, "config");
        if (prompt == null || prompt.length == 0) {
            throw new IllegalArgumentException("a prompt needs at least one token");
        }
        prompt = prompt.clone();
    }
}
