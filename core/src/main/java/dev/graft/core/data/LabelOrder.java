package dev.graft.core.data;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How integer labels map onto names: the label at position i is class i. Integer labels are never
 * guessed; the default is the Hugging Face {@code datasets} order for SNLI and MultiNLI
 * ({@link #HF_DEFAULT}: 0 entailment, 1 neutral, 2 contradiction), and -1 means "no gold label".
 *
 * @param labels class 0, class 1, …
 */
public record LabelOrder(List<NliLabel> labels) {
    /** 0 entailment, 1 neutral, 2 contradiction: HF {@code datasets} snli, multi_nli, glue/mnli. */
    public static final LabelOrder HF_DEFAULT =
            new LabelOrder(List.of(NliLabel.ENTAILMENT, NliLabel.NEUTRAL, NliLabel.CONTRADICTION));

    /** 0 entailment, 1 not_entailment: HF {@code glue/rte}. */
    public static final LabelOrder RTE = new LabelOrder(List.of(NliLabel.ENTAILMENT, NliLabel.NOT_ENTAILMENT));

    public LabelOrder {
        if (labels == null || labels.size() < 2) {
            throw new IllegalArgumentException("a label order needs at least two labels, found " + labels);
        }
        Set<NliLabel> seen = EnumSet.noneOf(NliLabel.class);
        for (NliLabel l : labels) {
            if (l == null || !seen.add(l)) {
                throw new IllegalArgumentException("label order " + labels + " names a label twice or holds null");
            }
        }
        labels = List.copyOf(labels);
    }

    /**
     * Parses a comma-separated list of names, e.g. {@code entailment,neutral,contradiction} or
     * {@code entailment,not_entailment}.
     */
    public static LabelOrder parse(String names) {
        List<NliLabel> labels = new ArrayList<>();
        for (String part : names.split(",", -1)) {
            NliLabel l = NliLabel.fromName(part);
            if (l == null) {
                throw new IllegalArgumentException("label order '" + names + "': '" + part.trim()
                        + "' is not a label; use entailment, neutral, contradiction or not_entailment");
            }
            labels.add(l);
        }
        return new LabelOrder(labels);
    }

    /** The label of class {@code index}, or null when the order has no such class. */
    public NliLabel at(int index) {
        return index >= 0 && index < labels.size() ? labels.get(index) : null;
    }

    @Override
    public String toString() {
        return labels.stream().map(NliLabel::label).collect(Collectors.joining(","));
    }
}
