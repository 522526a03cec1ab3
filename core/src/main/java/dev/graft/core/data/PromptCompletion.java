package dev.graft.core.data;

import java.util.Objects;

/**
 * One causal-LM tuning example: the model reads {@code prompt} and learns to write {@code completion}.
 *
 * @param source {@code file:line}, for messages
 */
public record PromptCompletion(String prompt, String completion, String source) {
    public PromptCompletion {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(completion, "completion");
    }
}
