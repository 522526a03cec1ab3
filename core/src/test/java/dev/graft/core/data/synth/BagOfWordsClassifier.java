package dev.graft.core.data.synth;

import dev.graft.core.data.NliExample;
import dev.graft.core.data.NliLabel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Multinomial logistic regression over sparse binary features, trained by SGD: the probe that tells
 * whether a data set has annotation artefacts (Gururangan et al. 2018; Poliak et al. 2018).
 */
final class BagOfWordsClassifier {
    private static final List<NliLabel> CLASSES = List.of(NliLabel.ENTAILMENT, NliLabel.NEUTRAL, NliLabel.CONTRADICTION);

    private final Function<NliExample, List<String>> features;
    private final Map<String, Integer> index = new HashMap<>();
    private double[][] weights; // (features, 3)
    private final double[] bias = new double[3];

    BagOfWordsClassifier(Function<NliExample, List<String>> features) {
        this.features = features;
    }

    BagOfWordsClassifier train(List<NliExample> data, int epochs, double learningRate, long seed) {
        List<int[]> rows = new ArrayList<>();
        for (NliExample e : data) {
            rows.add(features.apply(e).stream().distinct().mapToInt(f -> index.computeIfAbsent(f, k -> index.size())).toArray());
        }
        weights = new double[index.size()][3];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            order.add(i);
        }
        Random rng = new Random(seed);
        for (int epoch = 0; epoch < epochs; epoch++) {
            Collections.shuffle(order, rng);
            for (int i : order) {
                int[] x = rows.get(i);
                double[] p = probabilities(x);
                int y = CLASSES.indexOf(data.get(i).label());
                for (int c = 0; c < 3; c++) {
                    double g = p[c] - (c == y ? 1 : 0);
                    bias[c] -= learningRate * g;
                    for (int f : x) {
                        weights[f][c] -= learningRate * g;
                    }
                }
            }
        }
        return this;
    }

    double accuracy(List<NliExample> data) {
        int right = 0;
        for (NliExample e : data) {
            int[] x = features.apply(e).stream().distinct().filter(index::containsKey).mapToInt(index::get).toArray();
            double[] p = probabilities(x);
            int best = 0;
            for (int c = 1; c < 3; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            right += CLASSES.get(best) == e.label() ? 1 : 0;
        }
        return (double) right / data.size();
    }

    private double[] probabilities(int[] x) {
        double[] z = bias.clone();
        for (int f : x) {
            for (int c = 0; c < 3; c++) {
                z[c] += weights[f][c];
            }
        }
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < 3; c++) {
            z[c] /= sum;
        }
        return z;
    }

    static List<String> words(String sentence) {
        List<String> out = new ArrayList<>();
        for (String w : sentence.toLowerCase(java.util.Locale.ROOT).replace(".", "").split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** The hypothesis's words alone. */
    static List<String> hypothesisOnly(NliExample e) {
        return words(e.hypothesis());
    }

    /**
     * Features that look at both sentences: words of each, words one has and the other lacks, pairs
     * of such words (which is how a linear model can learn that "sitting" against "standing" matters),
     * and whether exactly one is negated.
     */
    static List<String> pairFeatures(NliExample e) {
        List<String> p = words(e.premise());
        List<String> h = words(e.hypothesis());
        List<String> f = new ArrayList<>();
        h.forEach(w -> f.add("h:" + w));
        p.forEach(w -> f.add("p:" + w));
        List<String> onlyP = p.stream().filter(w -> !h.contains(w)).distinct().toList();
        List<String> onlyH = h.stream().filter(w -> !p.contains(w)).distinct().toList();
        onlyP.forEach(w -> f.add("-p:" + w));
        onlyH.forEach(w -> f.add("-h:" + w));
        for (String a : onlyP) {
            for (String b : onlyH) {
                f.add("x:" + a + "|" + b);
            }
        }
        f.add(onlyH.isEmpty() ? "h-inside-p" : "h-adds-" + Math.min(onlyH.size(), 3));
        f.add(p.contains("not") == h.contains("not") ? "same-polarity" : "one-negated");
        return f;
    }
}
