package dev.graft.core.data.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A phrase-structure tree: a sentence is rendered as one, so its text, its Penn-style parse and its
 * binary parse (the three forms SNLI stores) always agree.
 *
 * @param label phrase label (NP, VP …) or, for a leaf, its part-of-speech tag
 * @param word the word of a leaf; null for a phrase
 * @param kids the children of a phrase; empty for a leaf
 */
record Tree(String label, String word, List<Tree> kids) {
    static Tree leaf(String tag, String word) {
        return new Tree(tag, word, List.of());
    }

    static Tree node(String label, Tree... kids) {
        return new Tree(label, null, Arrays.stream(kids).filter(k -> k != null).toList());
    }

    static Tree node(String label, List<Tree> kids) {
        return new Tree(label, null, kids.stream().filter(k -> k != null).toList());
    }

    boolean isLeaf() {
        return word != null;
    }

    List<String> words() {
        List<String> out = new ArrayList<>();
        collect(out);
        return out;
    }

    private void collect(List<String> out) {
        if (isLeaf()) {
            out.add(word);
        } else {
            kids.forEach(k -> k.collect(out));
        }
    }

    /** The sentence as SNLI writes it: words joined by spaces, no space before the full stop. */
    String text() {
        return String.join(" ", words()).replace(" .", ".");
    }

    /** {@code (ROOT (S (NP (DT A) (NN dog)) …))}, as in SNLI's {@code sentence1_parse}. */
    String parse() {
        if (isLeaf()) {
            return "(" + label + " " + word + ")";
        }
        StringBuilder sb = new StringBuilder("(").append(label);
        kids.forEach(k -> sb.append(' ').append(k.parse()));
        return sb.append(')').toString();
    }

    /**
     * SNLI's {@code sentence1_binary_parse}: labels dropped, single-child phrases collapsed, longer
     * phrases binarised to the right: {@code ( ( A dog ) ( ( is sleeping ) . ) )}.
     */
    String binaryParse() {
        return binary(this);
    }

    private static String binary(Tree t) {
        if (t.isLeaf()) {
            return t.word;
        }
        if (t.kids.size() == 1) {
            return binary(t.kids.get(0));
        }
        return rightBranching(t.kids, 0);
    }

    private static String rightBranching(List<Tree> kids, int from) {
        if (from == kids.size() - 1) {
            return binary(kids.get(from));
        }
        return "( " + binary(kids.get(from)) + " " + rightBranching(kids, from + 1) + " )";
    }

    /** This tree with its first word capitalised, as a sentence starts. */
    Tree capitalised() {
        if (isLeaf()) {
            return leaf(label, Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        List<Tree> k = new ArrayList<>(kids);
        k.set(0, kids.get(0).capitalised());
        return new Tree(label, null, k);
    }
}
