package dev.graft.core.data.synth;

import dev.graft.core.data.NliLabel;
import java.util.Random;

/**
 * Draws synthetic NLI pairs whose labels are right by construction: a hypothesis first, with no regard
 * to the label, then a premise built to entail it, contradict it or leave it open. The same seed
 * gives the same pairs in the same order.
 */
public final class SynthGenerator {
    private final Random rng;

    public SynthGenerator(long seed) {
        this.rng = new Random(seed);
    }

    /** A pair with the given label (entailment, neutral or contradiction). */
    public SynthPair next(NliLabel label) {
        Clause hypothesis = Hypotheses.sample(rng);
        Premises.Built premise = Premises.build(hypothesis, label, rng);
        if (premise.phenomenon().label() != label) {
            throw new IllegalStateException("built a " + premise.phenomenon() + " premise for a " + label + " pair");
        }
        return new SynthPair(SynthPair.Sentence.of(Render.sentence(premise.premise())),
                SynthPair.Sentence.of(Render.sentence(hypothesis)), label, premise.phenomenon());
    }

    /** The random source, shared with the caller so that a whole data set follows from one seed. */
    Random random() {
        return rng;
    }
}
