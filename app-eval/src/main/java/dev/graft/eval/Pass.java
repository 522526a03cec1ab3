package dev.graft.eval;

import dev.graft.core.data.NliExample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The scored rows of one pass over a section, in scoring (length) order. */
final class Pass {
    private final List<NliExample> examples;
    private int[] gold;
    private int[] predicted;
    private double[][] probs;
    private int size;
    private boolean complete = true;

    Pass(int capacity) {
        examples = new ArrayList<>(capacity);
        gold = new int[capacity];
        predicted = new int[capacity];
        probs = new double[capacity][];
    }

    void add(NliExample e, int goldClass, LabelMapping.Scored s) {
        examples.add(e);
        gold[size] = goldClass;
        predicted[size] = s.predicted();
        probs[size] = s.probs();
        size++;
    }

    Pass stopped() {
        complete = false;
        return this;
    }

    boolean complete() {
        return complete;
    }

    int size() {
        return size;
    }

    List<NliExample> examples() {
        return examples;
    }

    int[] gold() {
        return Arrays.copyOf(gold, size);
    }

    int[] predicted() {
        return Arrays.copyOf(predicted, size);
    }

    double[][] probs() {
        return Arrays.copyOf(probs, size);
    }

    /** The row at {@code i}: gold class, predicted class, probabilities. */
    int goldAt(int i) {
        return gold[i];
    }

    int predictedAt(int i) {
        return predicted[i];
    }

    double[] probsAt(int i) {
        return probs[i];
    }

    double accuracy() {
        long hits = 0;
        for (int i = 0; i < size; i++) {
            hits += gold[i] == predicted[i] ? 1 : 0;
        }
        return size == 0 ? 0 : (double) hits / size;
    }
}
