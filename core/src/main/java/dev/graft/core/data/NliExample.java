package dev.graft.core.data;

import java.util.Objects;

/**
 * One premise/hypothesis pair as read from a dataset file.
 *
 * @param id the dataset's pair id ({@code pairID}, GLUE {@code index}, HF {@code idx}), else the line number
 * @param premise the first text ({@code sentence1}, {@code premise})
 * @param hypothesis the second text ({@code sentence2}, {@code hypothesis})
 * @param label the gold label; null only for files that carry no labels at all (GLUE test files)
 * @param genre MultiNLI's genre ({@code fiction}, {@code telephone} …); null where the format has none
 * @param promptId MultiNLI's {@code promptID} (pairs sharing a premise share it); null where absent
 * @param source where the row came from, {@code file:line}, for error messages and inspection
 */
public record NliExample(
        String id, String premise, String hypothesis, NliLabel label, String genre, String promptId, String source) {
    public NliExample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(premise, "premise");
        Objects.requireNonNull(hypothesis, "hypothesis");
        Objects.requireNonNull(source, "source");
    }

    /** A labelled pair with no genre or prompt, its id standing in for its source (tests, generators). */
    public static NliExample of(String id, String premise, String hypothesis, NliLabel label) {
        return new NliExample(id, premise, hypothesis, label, null, null, id);
    }

    public boolean hasLabel() {
        return label != null;
    }
}
