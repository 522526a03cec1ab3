package dev.graft.eval;

import dev.graft.core.data.NliLabel;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one evaluated section.
 *
 * @param classes the view's classes, the order of {@code perClass} and the confusion matrix
 * @param n examples scored
 * @param accuracy share predicted right
 * @param standardError sqrt(p(1-p)/(n-1)), as lm-evaluation-harness reports
 * @param interval95 the seeded percentile-bootstrap 95% interval of the accuracy
 * @param perClass precision, recall and F1 of each class
 * @param macroF1 the mean F1 over the classes present in gold or predictions (scikit-learn's macro)
 * @param confusion counts, [gold][predicted]
 * @param logLoss mean −ln p(gold), probabilities clipped at 1e-15 as scikit-learn does
 * @param calibration ECE and the reliability bins
 */
public record Metrics(List<NliLabel> classes, long n, double accuracy, double standardError, Interval interval95,
        List<ClassScores> perClass, double macroF1, long[][] confusion, double logLoss, Calibration calibration) {
    private static final double EPS = 1e-15;

    /** @param support gold examples of the class */
    public record ClassScores(NliLabel label, double precision, double recall, double f1, long support) {}

    /**
     * @param gold view class of each example
     * @param predicted view class predicted
     * @param probs probability of each view class
     */
    public static Metrics compute(List<NliLabel> classes, int[] gold, int[] predicted, double[][] probs,
            int resamples, long seed) {
        int n = gold.length;
        int c = classes.size();
        long[][] confusion = new long[c][c];
        boolean[] correct = new boolean[n];
        double[] confidence = new double[n];
        double logLoss = 0;
        long hits = 0;
        for (int i = 0; i < n; i++) {
            confusion[gold[i]][predicted[i]]++;
            correct[i] = gold[i] == predicted[i];
            hits += correct[i] ? 1 : 0;
            confidence[i] = probs[i][predicted[i]];
            logLoss -= Math.log(Math.max(EPS, Math.min(1 - EPS, probs[i][gold[i]])));
        }
        double accuracy = n == 0 ? 0 : (double) hits / n;
        List<ClassScores> perClass = new ArrayList<>();
        double f1Sum = 0;
        int present = 0;
        for (int k = 0; k < c; k++) {
            long tp = confusion[k][k];
            long goldK = 0;
            long predK = 0;
            for (int j = 0; j < c; j++) {
                goldK += confusion[k][j];
                predK += confusion[j][k];
            }
            double p = predK == 0 ? 0 : (double) tp / predK;
            double r = goldK == 0 ? 0 : (double) tp / goldK;
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            perClass.add(new ClassScores(classes.get(k), p, r, f1, goldK));
            if (goldK > 0 || predK > 0) {
                f1Sum += f1;
                present++;
            }
        }
        return new Metrics(List.copyOf(classes), n, accuracy, Bootstrap.standardError(accuracy, n),
                Bootstrap.accuracy95(correct, resamples, seed), perClass, present == 0 ? 0 : f1Sum / present,
                confusion, n == 0 ? 0 : logLoss / n, Calibration.of(confidence, correct, Calibration.DEFAULT_BINS));
    }
}
