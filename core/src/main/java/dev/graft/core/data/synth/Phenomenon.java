package dev.graft.core.data.synth;

import dev.graft.core.data.NliLabel;
import java.util.Locale;

/** How a synthetic premise was built from its hypothesis; each decides one label. */
public enum Phenomenon {
    /** The premise names something more specific (a puppy for a dog, sprinting for running, the park for outside). */
    HYPERNYM(NliLabel.ENTAILMENT),
    /** The premise adds a modifier the hypothesis drops (an adjective, a place, a colour, "near a dog"). */
    DROPPED_MODIFIER(NliLabel.ENTAILMENT),
    /** The same fact in other words (asleep for sleeping, outdoors for outside, passive for active). */
    PARAPHRASE(NliLabel.ENTAILMENT),
    /** A negated hypothesis follows from an exclusive alternative (standing, so not sitting). */
    EXCLUSION(NliLabel.ENTAILMENT),
    /** Opposite activities or actions (sitting / standing, helping / ignoring). */
    ANTONYM(NliLabel.CONTRADICTION),
    /** One of the two is negated. */
    NEGATION(NliLabel.CONTRADICTION),
    /** Attributes one thing cannot have at once (man / woman, red / blue hat, park / kitchen). */
    EXCLUSIVE_ATTRIBUTE(NliLabel.CONTRADICTION),
    /** Different numbers of the same things. */
    NUMBER_MISMATCH(NliLabel.CONTRADICTION),
    /** The hypothesis adds a fact the premise does not settle. */
    ADDED_FACT(NliLabel.NEUTRAL),
    /**
     * Every hypothesis word is in the premise, yet it does not follow: swapped roles, or the
     * hypothesis's subject sits in a modifier (McCoy et al. 2019, HANS).
     */
    LEXICAL_OVERLAP(NliLabel.NEUTRAL);

    private final NliLabel label;

    Phenomenon(NliLabel label) {
        this.label = label;
    }

    public NliLabel label() {
        return label;
    }

    /** The name written to files: {@code lexical_overlap} … */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
