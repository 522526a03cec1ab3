package dev.graft.core.data.synth;

import static dev.graft.core.data.synth.Hypotheses.pick;
import static dev.graft.core.data.synth.Hypotheses.related;

import dev.graft.core.data.NliLabel;
import dev.graft.core.data.synth.Clause.Act;
import dev.graft.core.data.synth.Clause.Be;
import dev.graft.core.data.synth.Clause.Do;
import dev.graft.core.data.synth.Clause.Hold;
import dev.graft.core.data.synth.Clause.Np;
import dev.graft.core.data.synth.Clause.Wear;
import dev.graft.core.data.synth.Lexicon.Activity;
import dev.graft.core.data.synth.Lexicon.Noun;
import dev.graft.core.data.synth.Lexicon.Place;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Builds a premise that makes a given hypothesis entailed, contradicted or undecided, by one change to
 * the hypothesis's structure whose effect on the label is known (see {@link Phenomenon}).
 *
 * <p>Under negation ("a woman is not sitting") the subject still names someone who exists, so it may
 * grow more specific as in the positive case, while the predicate turns around: a premise with a more
 * general predicate ("not running") entails one with a more specific one ("not sprinting").
 */
final class Premises {
    private Premises() {}

    /** A premise and the phenomenon that fixes its label. */
    record Built(Clause premise, Phenomenon phenomenon) {}

    /** One way to build a premise, found applicable to the hypothesis at hand. */
    private record Option(Phenomenon phenomenon, Clause premise) {}

    /** Probability of a label-neutral "with a map" on the premise's subject, so its presence tells nothing. */
    private static final double DECORATION = 0.25;

    /** Probability of each label-preserving detail ("near a dog", an adjective) on any premise. */
    private static final double NOISE = 0.2;

    static Built build(Clause h, NliLabel label, Random r) {
        List<Option> options = switch (label) {
            case ENTAILMENT -> entailing(h, r);
            case CONTRADICTION -> contradicting(h, r);
            case NEUTRAL -> undecided(h, r);
            case NOT_ENTAILMENT -> throw new IllegalArgumentException("synthetic pairs take 3-way labels");
        };
        Option o = pick(r, options);
        boolean safe = !(label == NliLabel.CONTRADICTION && h.negated());
        return new Built(safe ? noise(h, o.premise(), r) : o.premise(), o.phenomenon());
    }

    /**
     * Label-preserving detail on the premise's subject, added to premises of every label alike so
     * that "near", adjectives and "with" tell nothing by themselves: a premise made more specific about
     * things the hypothesis does not mention keeps its label. Not used where the hypothesis is negated
     * and the premise contradicts it: there the premise's subject must stay the hypothesis's.
     */
    private static Clause noise(Clause h, Clause premise, Random r) {
        Np s = premise.subject();
        if (s.with() == null && r.nextDouble() < DECORATION) {
            s = s.withDecoration(pick(r, Lexicon.DECORATIONS));
        }
        if (s.near() == null && r.nextDouble() < NOISE) {
            Np subject = s;
            List<Noun> others = nouns(Lexicon.NOUNS, n -> !related(n, h.subject().noun()) && !related(n, subject.noun())
                    && !clashesWithObject(h, n) && !clashesWithObject(premise, n));
            s = s.withNear(new Np(1, s.definite(), null, pick(r, others), null, null));
        }
        if (s.adjective() == null && h.subject().adjective() == null && r.nextDouble() < NOISE) {
            s = s.withAdjective(pick(r, Lexicon.adjectives(s.noun())));
        }
        return premise.withSubject(s);
    }

    private static List<Option> entailing(Clause h, Random r) {
        List<Option> o = new ArrayList<>();
        Np s = h.subject();
        // The subject may always grow more specific: it names someone who exists, negated or not.
        List<Noun> narrower = nouns(Lexicon.hyponyms(s.noun()), n -> !clashesWithObject(h, n));
        if (!narrower.isEmpty()) {
            o.add(new Option(Phenomenon.HYPERNYM, h.withSubject(s.withNoun(pick(r, narrower)))));
        }
        if (s.adjective() == null) {
            o.add(new Option(Phenomenon.DROPPED_MODIFIER, h.withSubject(s.withAdjective(pick(r, Lexicon.adjectives(s.noun()))))));
        }
        if (s.count() == 0) {
            o.add(new Option(Phenomenon.HYPERNYM, h.withSubject(s.withCount(otherCount(0, r)))));
        }
        if (h.negated()) {
            negatedEntailing(h, r, o);
        } else {
            positiveEntailing(h, r, o);
        }
        if (o.isEmpty()) {
            // Always possible, but kept last: noise already puts "near" on premises of every label.
            o.add(new Option(Phenomenon.DROPPED_MODIFIER, h.withSubject(s.withNear(bystander(h, r)))));
        }
        return o;
    }

    private static void positiveEntailing(Clause h, Random r, List<Option> o) {
        Place place = h.place();
        if (place == null && !(h.pred() instanceof Be)) {
            o.add(new Option(Phenomenon.DROPPED_MODIFIER, h.withPlace(pick(r, Lexicon.PLACES))));
        }
        if (place != null && place.general()) {
            o.add(new Option(Phenomenon.HYPERNYM, h.withPlace(pick(r, places(p -> !p.general() && p.within(place))))));
            o.add(new Option(Phenomenon.PARAPHRASE, h.withPlace(pick(r, places(p -> p.general() && p.within(place) && !p.equals(place))))));
        }
        if (h.pred() instanceof Act a) {
            List<Activity> narrower = activities(x -> a.activity().meaning().equals(x.parent()));
            if (!narrower.isEmpty()) {
                o.add(new Option(Phenomenon.HYPERNYM, h.withPred(new Act(pick(r, narrower)))));
            }
            List<Activity> same = Lexicon.except(Lexicon.withMeaning(a.activity().meaning()), a.activity());
            if (!same.isEmpty()) {
                o.add(new Option(Phenomenon.PARAPHRASE, h.withPred(new Act(pick(r, same)))));
            }
        } else if (h.pred() instanceof Wear w && w.colour() == null) {
            o.add(new Option(Phenomenon.DROPPED_MODIFIER, h.withPred(new Wear(pick(r, Lexicon.COLOURS), w.garment()))));
        } else if (h.pred() instanceof Hold hold) {
            if (hold.colour() == null) {
                o.add(new Option(Phenomenon.DROPPED_MODIFIER, h.withPred(new Hold(hold.count(), pick(r, Lexicon.COLOURS), hold.thing()))));
            }
            if (hold.count() == 0) {
                o.add(new Option(Phenomenon.HYPERNYM, h.withPred(new Hold(otherCount(0, r), hold.colour(), hold.thing()))));
            }
            if (!Lexicon.hyponyms(hold.thing()).isEmpty()) {
                o.add(new Option(Phenomenon.HYPERNYM, h.withPred(new Hold(hold.count(), hold.colour(), pick(r, Lexicon.hyponyms(hold.thing()))))));
            }
        } else if (h.pred() instanceof Do d) {
            o.add(new Option(Phenomenon.PARAPHRASE, h.withPred(new Do(d.action(), d.object(), !d.passive()))));
            if (!Lexicon.hyponyms(d.action()).isEmpty()) {
                o.add(new Option(Phenomenon.HYPERNYM, h.withPred(new Do(pick(r, Lexicon.hyponyms(d.action())), d.object(), d.passive()))));
            }
            List<Noun> narrowerObject = nouns(Lexicon.hyponyms(d.object().noun()), n -> !related(n, h.subject().noun()));
            if (!narrowerObject.isEmpty()) {
                o.add(new Option(Phenomenon.HYPERNYM, h.withPred(new Do(d.action(), d.object().withNoun(pick(r, narrowerObject)), d.passive()))));
            }
        } else if (h.pred() instanceof Be) {
            o.add(new Option(Phenomenon.DROPPED_MODIFIER, h.withPred(new Act(pick(r, Lexicon.activities(h.subject().noun()))))));
        }
    }

    private static void negatedEntailing(Clause h, Random r, List<Option> o) {
        if (h.pred() instanceof Act a) {
            String general = a.activity().parent();
            if (general != null) {
                o.add(new Option(Phenomenon.HYPERNYM, h.withPred(new Act(pick(r, Lexicon.withMeaning(general))))));
            }
            o.add(new Option(Phenomenon.EXCLUSION, h.withNegated(false).withPred(new Act(pick(r, Lexicon.under(a.activity().opposite()))))));
        } else if (h.pred() instanceof Wear w && w.colour() != null) {
            o.add(new Option(Phenomenon.HYPERNYM, h.withPred(new Wear(null, w.garment()))));
            o.add(new Option(Phenomenon.EXCLUSION, h.withNegated(false)
                    .withPred(new Wear(pick(r, Lexicon.except(Lexicon.COLOURS, w.colour())), w.garment()))));
        } else if (h.pred() instanceof Do d) {
            if (d.action().parent() != null) {
                o.add(new Option(Phenomenon.HYPERNYM, h.withPred(new Do(Lexicon.action(d.action().parent()), d.object(), d.passive()))));
            }
            if (d.action().opposite() != null) {
                o.add(new Option(Phenomenon.EXCLUSION, h.withNegated(false)
                        .withPred(new Do(Lexicon.action(d.action().opposite()), d.object(), d.passive()))));
            }
        } else if (h.pred() instanceof Be) {
            Place place = h.place();
            o.add(new Option(Phenomenon.EXCLUSION, h.withNegated(false).withPlace(pick(r, places(p -> p.excludes(place))))));
            List<Place> wider = places(p -> !p.equals(place) && place.within(p) && !p.within(place));
            if (!wider.isEmpty()) {
                o.add(new Option(Phenomenon.HYPERNYM, h.withPlace(pick(r, wider))));
            }
        }
    }

    private static List<Option> contradicting(Clause h, Random r) {
        List<Option> o = new ArrayList<>();
        o.add(new Option(Phenomenon.NEGATION, h.withNegated(!h.negated())));
        if (h.negated()) {
            // The positive of a more specific predicate contradicts the negated general one.
            if (h.pred() instanceof Act a) {
                o.add(new Option(Phenomenon.NEGATION, h.withNegated(false).withPred(new Act(pick(r, Lexicon.under(a.activity().meaning()))))));
            } else if (h.pred() instanceof Wear w && w.colour() == null) {
                o.add(new Option(Phenomenon.NEGATION, h.withNegated(false).withPred(new Wear(pick(r, Lexicon.COLOURS), w.garment()))));
            } else if (h.pred() instanceof Do d) {
                o.add(new Option(Phenomenon.NEGATION, h.withNegated(false).withPred(new Do(d.action(), d.object(), !d.passive()))));
            } else if (h.pred() instanceof Be) {
                o.add(new Option(Phenomenon.NEGATION, h.withNegated(false).withPred(new Act(pick(r, Lexicon.activities(h.subject().noun()))))));
            }
            return o;
        }
        Np s = h.subject();
        List<Noun> exclusive = nouns(Lexicon.NOUNS, n -> Lexicon.exclusive(n, s.noun()) && !clashesWithObject(h, n));
        if (!exclusive.isEmpty()) {
            Noun n = pick(r, exclusive);
            String adjective = s.adjective() != null && Lexicon.adjectives(n).contains(s.adjective()) ? s.adjective() : null;
            o.add(new Option(Phenomenon.EXCLUSIVE_ATTRIBUTE, h.withSubject(s.withNoun(n).withAdjective(adjective))));
        }
        if (s.adjective() != null) {
            List<String> other = Lexicon.adjectives(s.noun()).stream().filter(a -> Lexicon.exclusiveAdjectives(a, s.adjective())).toList();
            o.add(new Option(Phenomenon.EXCLUSIVE_ATTRIBUTE, h.withSubject(s.withAdjective(pick(r, other)))));
        }
        if (h.place() != null) {
            o.add(new Option(Phenomenon.EXCLUSIVE_ATTRIBUTE, h.withPlace(pick(r, places(p -> p.excludes(h.place()))))));
        }
        if (s.count() >= 2) {
            o.add(new Option(Phenomenon.NUMBER_MISMATCH, h.withSubject(s.withCount(otherCount(s.count(), r)))));
        }
        if (h.pred() instanceof Act a) {
            o.add(new Option(Phenomenon.ANTONYM, h.withPred(new Act(pick(r, Lexicon.under(a.activity().opposite()))))));
        } else if (h.pred() instanceof Wear w && w.colour() != null) {
            o.add(new Option(Phenomenon.EXCLUSIVE_ATTRIBUTE, h.withPred(new Wear(pick(r, Lexicon.except(Lexicon.COLOURS, w.colour())), w.garment()))));
        } else if (h.pred() instanceof Hold hold) {
            if (hold.colour() != null) {
                o.add(new Option(Phenomenon.EXCLUSIVE_ATTRIBUTE,
                        h.withPred(new Hold(hold.count(), pick(r, Lexicon.except(Lexicon.COLOURS, hold.colour())), hold.thing()))));
            }
            if (hold.count() >= 2) {
                o.add(new Option(Phenomenon.NUMBER_MISMATCH, h.withPred(new Hold(otherCount(hold.count(), r), hold.colour(), hold.thing()))));
            }
        } else if (h.pred() instanceof Do d && d.action().opposite() != null) {
            o.add(new Option(Phenomenon.ANTONYM, h.withPred(new Do(Lexicon.action(d.action().opposite()), d.object(), d.passive()))));
        }
        return o;
    }

    private static List<Option> undecided(Clause h, Random r) {
        return NeutralPremises.options(h, r).stream().map(p -> new Option(p.phenomenon(), p.premise())).toList();
    }

    /** Someone for "near …": never the subject's kind of thing, nor the object's, so nothing follows about them. */
    static Np bystander(Clause h, Random r) {
        Np s = h.subject();
        List<Noun> others = nouns(Lexicon.NOUNS, n -> !related(n, s.noun()) && !clashesWithObject(h, n));
        return new Np(1, s.definite(), null, pick(r, others), null, null);
    }

    /** Whether {@code n} is, or falls under, the object of an action: "the woman helps the woman" is no sentence. */
    static boolean clashesWithObject(Clause h, Noun n) {
        return h.pred() instanceof Do d && related(n, d.object().noun());
    }

    static int otherCount(int count, Random r) {
        int c;
        do {
            c = 2 + r.nextInt(4);
        } while (c == count);
        return c;
    }

    static List<Noun> nouns(List<Noun> from, Predicate<Noun> keep) {
        return from.stream().filter(keep).toList();
    }

    static List<Place> places(Predicate<Place> keep) {
        return Lexicon.PLACES.stream().filter(keep).toList();
    }

    static List<Activity> activities(Predicate<Activity> keep) {
        return Lexicon.ACTIVITIES.stream().filter(keep).toList();
    }
}
