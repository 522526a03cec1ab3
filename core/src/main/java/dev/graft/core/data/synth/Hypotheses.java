package dev.graft.core.data.synth;

import dev.graft.core.data.synth.Clause.Act;
import dev.graft.core.data.synth.Clause.Be;
import dev.graft.core.data.synth.Clause.Do;
import dev.graft.core.data.synth.Clause.Hold;
import dev.graft.core.data.synth.Clause.Np;
import dev.graft.core.data.synth.Clause.Wear;
import dev.graft.core.data.synth.Lexicon.Kind;
import dev.graft.core.data.synth.Lexicon.Noun;
import dev.graft.core.data.synth.Lexicon.Place;
import java.util.List;
import java.util.Random;

/**
 * Draws hypotheses. They are drawn before, and independently of, the label: whatever a hypothesis
 * looks like says nothing about its label, which is what keeps hypothesis-only models at chance.
 */
final class Hypotheses {
    private Hypotheses() {}

    static Clause sample(Random r) {
        double frame = r.nextDouble();
        if (frame < 0.30) {
            return activity(r);
        } else if (frame < 0.45) {
            return wearing(r);
        } else if (frame < 0.60) {
            return holding(r);
        } else if (frame < 0.88) {
            return action(r);
        }
        return location(r);
    }

    /** {@code Two black dogs are sleeping in the park.} */
    private static Clause activity(Random r) {
        Noun noun = pick(r, Lexicon.nouns(r.nextDouble() < 0.6 ? Kind.PERSON : Kind.ANIMAL));
        Np subject = subject(r, noun, count(r), false);
        boolean negated = r.nextDouble() < 0.2;
        return new Clause(subject, negated, new Act(pick(r, Lexicon.activities(noun))), negated ? null : place(r, 0.5));
    }

    /** {@code A woman is wearing a red hat.} */
    private static Clause wearing(Random r) {
        Np subject = subject(r, pick(r, Lexicon.nouns(Kind.PERSON)), 1, false);
        boolean negated = r.nextDouble() < 0.2;
        Wear wear = new Wear(r.nextDouble() < 0.6 ? pick(r, Lexicon.COLOURS) : null, pick(r, Lexicon.GARMENTS));
        return new Clause(subject, negated, wear, negated ? null : place(r, 0.4));
    }

    /** {@code A man is holding three red balloons.} */
    private static Clause holding(Random r) {
        Np subject = subject(r, pick(r, Lexicon.nouns(Kind.PERSON)), 1, false);
        Hold hold = new Hold(count(0.3, r), r.nextDouble() < 0.5 ? pick(r, Lexicon.COLOURS) : null,
                pick(r, Lexicon.THINGS));
        return new Clause(subject, false, hold, place(r, 0.4));
    }

    /** {@code The doctor is helping the artist.} (or its passive) */
    private static Clause action(Random r) {
        List<Noun> people = Lexicon.nouns(Kind.PERSON);
        // "Person" covers everyone, so it can share an action with nobody without ambiguity.
        Noun agent = pick(r, people.stream().filter(n -> n.parent() != null).toList());
        Noun patient = pick(r, people.stream().filter(n -> !related(n, agent)).toList());
        Np subject = new Np(1, true, r.nextDouble() < 0.2 ? pick(r, Lexicon.adjectives(agent)) : null, agent, null, null);
        Np object = new Np(1, true, null, patient, null, null);
        boolean negated = r.nextDouble() < 0.2;
        Do act = new Do(pick(r, Lexicon.ACTIONS), object, r.nextDouble() < 0.15);
        return new Clause(subject, negated, act, negated ? null : place(r, 0.3));
    }

    /** {@code A dog is in the kitchen.} */
    private static Clause location(Random r) {
        Noun noun = pick(r, Lexicon.NOUNS);
        Place place = r.nextDouble() < 0.7 ? pick(r, Lexicon.places(false)) : pick(r, Lexicon.places(true));
        return new Clause(subject(r, noun, count(r), false),
                r.nextDouble() < 0.2, new Be(), place);
    }

    /** Mostly one; else a number from two to five, or "some" (0). */
    private static int count(Random r) {
        return count(0.7, r);
    }

    private static int count(double single, Random r) {
        if (r.nextDouble() < single) {
            return 1;
        }
        return r.nextDouble() < 0.2 ? 0 : 2 + r.nextInt(4);
    }

    private static Np subject(Random r, Noun noun, int count, boolean definite) {
        String adjective = r.nextDouble() < 0.25 ? pick(r, Lexicon.adjectives(noun)) : null;
        return new Np(count, definite, adjective, noun, null, null);
    }

    private static Place place(Random r, double p) {
        if (r.nextDouble() >= p) {
            return null;
        }
        return pick(r, Lexicon.places(r.nextDouble() >= 0.7));
    }

    /** Whether one noun is, or falls under, the other: such pairs make "the X helps the Y" ambiguous. */
    static boolean related(Noun a, Noun b) {
        return Lexicon.isA(a, b) || Lexicon.isA(b, a);
    }

    static <T> T pick(Random r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }
}
