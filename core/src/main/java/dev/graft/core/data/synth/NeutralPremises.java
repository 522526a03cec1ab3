package dev.graft.core.data.synth;

import static dev.graft.core.data.synth.Hypotheses.pick;
import static dev.graft.core.data.synth.Hypotheses.related;
import static dev.graft.core.data.synth.Premises.clashesWithObject;
import static dev.graft.core.data.synth.Premises.nouns;
import static dev.graft.core.data.synth.Premises.places;

import dev.graft.core.data.synth.Clause.Act;
import dev.graft.core.data.synth.Clause.Be;
import dev.graft.core.data.synth.Clause.Do;
import dev.graft.core.data.synth.Clause.Hold;
import dev.graft.core.data.synth.Clause.Np;
import dev.graft.core.data.synth.Clause.Wear;
import dev.graft.core.data.synth.Lexicon.Activity;
import dev.graft.core.data.synth.Lexicon.Noun;
import dev.graft.core.data.synth.Lexicon.Place;
import dev.graft.core.data.synth.Premises.Built;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Premises that leave a hypothesis open: it adds a fact they do not settle, or it reuses all of
 * their words in a way that does not follow from them (the lexical-overlap cases of HANS).
 */
final class NeutralPremises {
    private NeutralPremises() {}

    static List<Built> options(Clause h, Random r) {
        List<Built> o = new ArrayList<>();
        List<Noun> heads = subsequenceHeads(h);
        if (!(h.pred() instanceof Be) && !heads.isEmpty()) {
            // "A man near a woman is sitting" says nothing about whether the woman sits.
            o.add(new Built(h.withSubject(new Np(1, h.subject().definite(), null, pick(r, heads), h.subject(), null)),
                    Phenomenon.LEXICAL_OVERLAP));
        }
        if (h.negated()) {
            negated(h, r, o);
        } else {
            positive(h, r, o);
        }
        return o;
    }

    /**
     * Who may do the hypothesis's thing instead of its subject: someone of the same kind (a person
     * for what only people do), never the subject's own kind of thing nor the object of its action.
     */
    private static List<Noun> subsequenceHeads(Clause h) {
        Noun subject = h.subject().noun();
        boolean personsOnly = !(h.pred() instanceof Act a) || a.activity().personsOnly();
        return nouns(Lexicon.NOUNS, n -> !related(n, subject) && !clashesWithObject(h, n)
                && (n.kind() == subject.kind() || (!personsOnly && n.kind() == Lexicon.Kind.ANIMAL)));
    }

    private static void positive(Clause h, Random r, List<Built> o) {
        Np s = h.subject();
        Place place = h.place();
        if (place != null && !(h.pred() instanceof Be)) {
            o.add(new Built(h.withPlace(null), Phenomenon.ADDED_FACT));
        }
        if (place != null && !place.general()) {
            o.add(new Built(h.withPlace(pick(r, places(p -> p.general() && place.within(p)))), Phenomenon.ADDED_FACT));
        }
        if (s.adjective() != null) {
            o.add(new Built(h.withSubject(s.withAdjective(null)), Phenomenon.ADDED_FACT));
        }
        if (s.noun().parent() != null && !clashesWithObject(h, Lexicon.noun(s.noun().parent()))) {
            o.add(new Built(h.withSubject(s.withNoun(Lexicon.noun(s.noun().parent()))), Phenomenon.ADDED_FACT));
        }
        if (s.count() >= 2) {
            o.add(new Built(h.withSubject(s.withCount(0)), Phenomenon.ADDED_FACT));
        }
        if (!(h.pred() instanceof Be)) {
            // Only where the subject is: the activity is the added fact.
            Place where = place != null ? place : pick(r, Lexicon.PLACES);
            o.add(new Built(h.withPred(new Be()).withPlace(where), Phenomenon.ADDED_FACT));
        }
        negatedAlternative(h, r, o);
        if (h.pred() instanceof Act a && a.activity().parent() != null) {
            o.add(new Built(h.withPred(new Act(pick(r, Lexicon.withMeaning(a.activity().parent())))), Phenomenon.ADDED_FACT));
        } else if (h.pred() instanceof Wear w) {
            if (w.colour() != null) {
                o.add(new Built(h.withPred(new Wear(null, w.garment())), Phenomenon.ADDED_FACT));
            }
            String other = pick(r, Lexicon.except(Lexicon.GARMENTS, w.garment()));
            o.add(new Built(h.withPred(new Wear(w.colour() != null ? w.colour() : pick(r, Lexicon.COLOURS), other)),
                    Phenomenon.ADDED_FACT));
        } else if (h.pred() instanceof Hold hold) {
            if (hold.colour() != null) {
                o.add(new Built(h.withPred(new Hold(hold.count(), null, hold.thing())), Phenomenon.ADDED_FACT));
            }
            if (hold.count() >= 2) {
                o.add(new Built(h.withPred(new Hold(0, hold.colour(), hold.thing())), Phenomenon.ADDED_FACT));
            }
            if (hold.thing().parent() != null) {
                o.add(new Built(h.withPred(new Hold(hold.count(), hold.colour(), Lexicon.thing(hold.thing().parent()))),
                        Phenomenon.ADDED_FACT));
            }
        } else if (h.pred() instanceof Do d) {
            o.add(new Built(swapped(h, d, d.passive()), Phenomenon.LEXICAL_OVERLAP));
            o.add(new Built(swapped(h, d, !d.passive()), Phenomenon.LEXICAL_OVERLAP));
            if (d.action().parent() != null) {
                o.add(new Built(h.withPred(new Do(Lexicon.action(d.action().parent()), d.object(), d.passive())), Phenomenon.ADDED_FACT));
            }
            Noun objectParent = d.object().noun().parent() == null ? null : Lexicon.noun(d.object().noun().parent());
            if (objectParent != null && !related(objectParent, s.noun())) {
                o.add(new Built(h.withPred(new Do(d.action(), d.object().withNoun(objectParent), d.passive())), Phenomenon.ADDED_FACT));
            }
        } else if (h.pred() instanceof Be) {
            o.add(new Built(h.withPred(new Act(pick(r, Lexicon.activities(s.noun())))).withPlace(null), Phenomenon.ADDED_FACT));
        }
    }

    /**
     * A negated premise that rules out something else than the hypothesis says: "not standing"
     * leaves "sitting" open (one may lie down), "not in the kitchen" leaves "in the park" open.
     */
    private static void negatedAlternative(Clause h, Random r, List<Built> o) {
        Clause n = h.withNegated(true);
        if (h.pred() instanceof Act a) {
            o.add(new Built(n.withPred(new Act(pick(r, Lexicon.under(a.activity().opposite())))), Phenomenon.ADDED_FACT));
        } else if (h.pred() instanceof Wear w) {
            List<String> colours = w.colour() == null ? Lexicon.COLOURS : Lexicon.except(Lexicon.COLOURS, w.colour());
            o.add(new Built(n.withPred(new Wear(pick(r, colours), w.garment())), Phenomenon.ADDED_FACT));
        } else if (h.pred() instanceof Hold hold) {
            List<Lexicon.Thing> unrelated = Lexicon.THINGS.stream().filter(t -> !t.equals(hold.thing())
                    && !t.singular().equals(hold.thing().parent()) && !hold.thing().singular().equals(t.parent())).toList();
            o.add(new Built(n.withPred(new Hold(1, null, pick(r, unrelated))), Phenomenon.ADDED_FACT));
        } else if (h.pred() instanceof Do d) {
            o.add(new Built(swapped(n, d, d.passive()), Phenomenon.LEXICAL_OVERLAP));
            if (d.action().opposite() != null) {
                o.add(new Built(n.withPred(new Do(Lexicon.action(d.action().opposite()), d.object(), d.passive())),
                        Phenomenon.ADDED_FACT));
            }
        } else if (h.pred() instanceof Be) {
            o.add(new Built(n.withPlace(pick(r, openPlaces(h.place()))), Phenomenon.ADDED_FACT));
        }
    }

    /**
     * Places whose negation leaves being at {@code place} open: not the place itself, nothing wider
     * ("not outside" settles "in the park") or narrower, and not the other general place (one is
     * indoors or outside).
     */
    private static List<Place> openPlaces(Place place) {
        return places(p -> !p.equals(place) && !place.within(p) && !p.within(place) && !(p.general() && place.general()));
    }

    private static void negated(Clause h, Random r, List<Built> o) {
        if (!(h.pred() instanceof Be)) {
            o.add(new Built(h.withNegated(false).withPred(new Be()).withPlace(pick(r, Lexicon.PLACES)), Phenomenon.ADDED_FACT));
        }
        if (h.pred() instanceof Act a) {
            // Not standing leaves sitting open (one may lie down); not sprinting leaves running open.
            o.add(new Built(h.withPred(new Act(pick(r, Lexicon.under(a.activity().opposite())))), Phenomenon.ADDED_FACT));
            List<Activity> narrower = Premises.activities(x -> a.activity().meaning().equals(x.parent()));
            if (!narrower.isEmpty()) {
                o.add(new Built(h.withPred(new Act(pick(r, narrower))), Phenomenon.ADDED_FACT));
            }
        } else if (h.pred() instanceof Wear w) {
            List<String> colours = w.colour() == null ? Lexicon.COLOURS : Lexicon.except(Lexicon.COLOURS, w.colour());
            o.add(new Built(h.withPred(new Wear(pick(r, colours), w.garment())), Phenomenon.ADDED_FACT));
        } else if (h.pred() instanceof Do d) {
            o.add(new Built(swapped(h, d, d.passive()), Phenomenon.LEXICAL_OVERLAP));
            if (!Lexicon.hyponyms(d.action()).isEmpty()) {
                o.add(new Built(h.withPred(new Do(pick(r, Lexicon.hyponyms(d.action())), d.object(), d.passive())), Phenomenon.ADDED_FACT));
            }
        } else if (h.pred() instanceof Be) {
            Place place = h.place();
            o.add(new Built(h.withPlace(pick(r, openPlaces(place))), Phenomenon.ADDED_FACT));
            o.add(new Built(h.withNegated(false).withPred(new Act(pick(r, Lexicon.activities(h.subject().noun())))).withPlace(null),
                    Phenomenon.ADDED_FACT));
        }
    }

    /** Agent and patient exchanged, in the given voice: every word stays, the meaning does not. */
    private static Clause swapped(Clause h, Do d, boolean passive) {
        Np agent = h.subject();
        Np patient = d.object();
        // The adjective stays with its person; definiteness and count are the same for both.
        return h.withSubject(patient).withPred(new Do(d.action(), agent, passive));
    }
}
