package dev.graft.core.data.synth;

import static dev.graft.core.data.synth.Tree.leaf;
import static dev.graft.core.data.synth.Tree.node;

import dev.graft.core.data.synth.Clause.Act;
import dev.graft.core.data.synth.Clause.Be;
import dev.graft.core.data.synth.Clause.Do;
import dev.graft.core.data.synth.Clause.Hold;
import dev.graft.core.data.synth.Clause.Np;
import dev.graft.core.data.synth.Clause.Pred;
import dev.graft.core.data.synth.Clause.Wear;
import dev.graft.core.data.synth.Lexicon.Place;

/** Turns a {@link Clause} into a parse tree in Penn Treebank style, and so into words. */
final class Render {
    private Render() {}

    static Tree sentence(Clause c) {
        Pred pred = c.pred();
        boolean passive = pred instanceof Do d && d.passive();
        Np surfaceSubject = passive ? ((Do) pred).object() : c.subject();
        boolean plural = surfaceSubject.plural();
        Tree aux = leaf(plural ? "VBP" : "VBZ", plural ? "are" : "is");
        Tree not = c.negated() ? leaf("RB", "not") : null;
        Tree place = place(c.place());
        Tree vp;
        if (pred instanceof Act a) {
            Tree form = leaf(a.activity().tag(), a.activity().form());
            vp = a.activity().tag().equals("JJ")
                    ? node("VP", aux, not, node("ADJP", form), place)
                    : node("VP", aux, not, node("VP", form, place));
        } else if (pred instanceof Wear w) {
            Tree garment = node("NP", leaf("DT", article(w.colour() != null ? w.colour() : w.garment())),
                    w.colour() == null ? null : leaf("JJ", w.colour()), leaf("NN", w.garment()));
            vp = node("VP", aux, not, node("VP", leaf("VBG", "wearing"), garment, place));
        } else if (pred instanceof Hold h) {
            String first = h.colour() != null ? h.colour() : h.thing().singular();
            Tree things = node("NP", determiner(h.count(), false, first), h.colour() == null ? null : leaf("JJ", h.colour()),
                    h.count() == 1 ? leaf("NN", h.thing().singular()) : leaf("NNS", h.thing().plural()));
            vp = node("VP", aux, not, node("VP", leaf("VBG", "holding"), things, place));
        } else if (pred instanceof Do d) {
            vp = d.passive()
                    ? node("VP", aux, not, node("VP", leaf("VBG", "being"), node("VP", leaf("VBN", d.action().participle()),
                            node("PP", leaf("IN", "by"), np(c.subject())), place)))
                    : node("VP", aux, not, node("VP", leaf("VBG", d.action().form()), np(d.object()), place));
        } else if (pred instanceof Be) {
            if (place == null) {
                throw new IllegalStateException("a clause that only places its subject needs a place");
            }
            vp = node("VP", aux, not, place);
        } else {
            throw new IllegalStateException("unknown predicate " + pred);
        }
        return node("ROOT", node("S", np(surfaceSubject), vp, leaf(".", "."))).capitalised();
    }

    static Tree np(Np n) {
        String first = n.adjective() != null ? n.adjective() : n.noun().singular();
        Tree base = node("NP", determiner(n.count(), n.definite(), first),
                n.adjective() == null ? null : leaf("JJ", n.adjective()),
                n.plural() ? leaf("NNS", n.noun().plural()) : leaf("NN", n.noun().singular()));
        if (n.near() == null && n.with() == null) {
            return base;
        }
        return node("NP", base,
                n.near() == null ? null : node("PP", leaf("IN", "near"), np(n.near())),
                n.with() == null ? null : node("PP", leaf("IN", "with"), node("NP", leaf("DT", article(n.with())),
                        leaf("NN", n.with()))));
    }

    private static Tree determiner(int count, boolean definite, String nextWord) {
        if (count == 1) {
            return leaf("DT", definite ? "the" : article(nextWord));
        }
        return count == 0 ? leaf("DT", "some") : leaf("CD", Lexicon.NUMBERS.get(count));
    }

    static Tree place(Place p) {
        if (p == null) {
            return null;
        }
        if (p.general()) {
            return node("ADVP", leaf("RB", p.noun()));
        }
        return node("PP", leaf("IN", p.preposition()), node("NP", leaf("DT", p.determiner()), leaf("NN", p.noun())));
    }

    private static String article(String nextWord) {
        return "aeiou".indexOf(nextWord.charAt(0)) >= 0 ? "an" : "a";
    }
}
