package dev.graft.core.data;

import java.util.Objects;

/**
 * One labelled text of a single-sentence classification set (sentiment, topic …).
 *
 * @param id the row's {@code idx} or {@code id} field where it has one, else its line number
 * @param label the label's name: as written, or the {@code --label-names} entry an integer label indexes
 * @param source where the row came from, {@code file:line}, for error messages
 */
public record TextExample(String id, String text, String label, String source) {
    public TextExample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(source, "source");
    }
}
