package dev.graft.core.data.synth;

import dev.graft.core.data.NliLabel;

/**
 * One synthetic pair with the three forms SNLI stores of each sentence.
 *
 * @param premise the premise ({@code sentence1})
 * @param hypothesis the hypothesis ({@code sentence2})
 * @param label the label, right by construction
 * @param phenomenon how the premise was built from the hypothesis
 */
public record SynthPair(Sentence premise, Sentence hypothesis, NliLabel label, Phenomenon phenomenon) {
    /** A sentence, its Penn-style parse and its binary parse. */
    public record Sentence(String text, String parse, String binaryParse) {
        static Sentence of(Tree t) {
            return new Sentence(t.text(), t.parse(), t.binaryParse());
        }
    }
}
