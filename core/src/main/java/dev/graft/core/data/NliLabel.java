package dev.graft.core.data;

import java.util.Locale;

/**
 * A gold NLI label. SNLI and MultiNLI use the first three; RTE (GLUE) only has {@link #ENTAILMENT} and
 * {@link #NOT_ENTAILMENT}, which is also the 2-way view of the other two ({@link #twoWay()}).
 */
public enum NliLabel {
    ENTAILMENT,
    NEUTRAL,
    CONTRADICTION,
    NOT_ENTAILMENT;

    /** The name the datasets write: {@code entailment}, {@code not_entailment} … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Entailment stays; neutral and contradiction both become not_entailment (the RTE / HANS view). */
    public NliLabel twoWay() {
        return this == ENTAILMENT ? ENTAILMENT : NOT_ENTAILMENT;
    }

    /**
     * The label a dataset's name denotes, or null for a name that is none of ours. Case and the
     * separator of {@code not_entailment} ({@code not-entailment}, {@code not entailment}) do not matter.
     */
    public static NliLabel fromName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (NliLabel l : values()) {
            if (l.label().equals(key)) {
                return l;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return label();
    }
}
