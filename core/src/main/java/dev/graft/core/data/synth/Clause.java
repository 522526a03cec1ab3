package dev.graft.core.data.synth;

import dev.graft.core.data.synth.Lexicon.Action;
import dev.graft.core.data.synth.Lexicon.Activity;
import dev.graft.core.data.synth.Lexicon.Noun;
import dev.graft.core.data.synth.Lexicon.Place;
import dev.graft.core.data.synth.Lexicon.Thing;

/**
 * What a synthetic sentence means: a subject, a predicate, maybe a place, maybe negated. Premises are
 * built from hypotheses by changing one part of this structure, which is why their labels are right
 * by construction; {@link Render} turns it into words.
 *
 * @param subject who or what the sentence is about
 * @param negated whether the predicate is negated ({@code is not sitting})
 * @param pred what the subject does or is
 * @param place where, or null
 */
record Clause(Np subject, boolean negated, Pred pred, Place place) {
    /**
     * A noun phrase: {@code count} 1 is singular ({@code a}/{@code the}), 2-5 a number, 0 {@code some};
     * {@code near} another phrase it stands near; {@code with} a decoration noun ({@code with a map}).
     */
    record Np(int count, boolean definite, String adjective, Noun noun, Np near, String with) {
        Np withNoun(Noun n) {
            return new Np(count, definite, adjective, n, near, with);
        }

        Np withAdjective(String a) {
            return new Np(count, definite, a, noun, near, with);
        }

        Np withCount(int c) {
            return new Np(c, definite, adjective, noun, near, with);
        }

        Np withNear(Np n) {
            return new Np(count, definite, adjective, noun, n, with);
        }

        Np withDecoration(String w) {
            return new Np(count, definite, adjective, noun, near, w);
        }

        boolean plural() {
            return count != 1;
        }
    }

    /** What the subject does or is. */
    sealed interface Pred permits Act, Wear, Hold, Do, Be {}

    /** {@code is sitting}, {@code is asleep}. */
    record Act(Activity activity) implements Pred {}

    /** {@code is wearing a red hat}; colour may be null. */
    record Wear(String colour, String garment) implements Pred {}

    /** {@code is holding three red balloons}; count as in {@link Np}, colour may be null. */
    record Hold(int count, String colour, Thing thing) implements Pred {}

    /** {@code is helping the artist}, or passive {@code the artist is being helped by …}. */
    record Do(Action action, Np object, boolean passive) implements Pred {}

    /** Only a place: {@code is in the park}. */
    record Be() implements Pred {}

    Clause withSubject(Np s) {
        return new Clause(s, negated, pred, place);
    }

    Clause withNegated(boolean n) {
        return new Clause(subject, n, pred, place);
    }

    Clause withPred(Pred p) {
        return new Clause(subject, negated, p, place);
    }

    Clause withPlace(Place p) {
        return new Clause(subject, negated, pred, p);
    }
}
