package dev.graft.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap of accuracy (Efron & Tibshirani 1993, ch. 13): resample the examples with
 * replacement, take the accuracy of each resample, report the 2.5th and 97.5th percentiles. Seeded,
 * so a report reproduces to the digit.
 */
public final class Bootstrap {
    public static final int DEFAULT_RESAMPLES = 1000;
    /**
     * The most resamples: each is a pass over the section and the accuracies are held together, so a
     * billion would take gigabytes and hours, while 10000 already bring the resampling noise in the
     * interval's ends under 1% of its width.
     */
    public static final int MAX_RESAMPLES = 100_000;

    private Bootstrap() {}

    /** The 95% interval of the share of true values in {@code correct}; [0, 0] when empty. */
    public static Interval accuracy95(boolean[] correct, int resamples, long seed) {
        if (resamples < 1000) {
            throw new IllegalArgumentException("bootstrap resamples must be at least 1000, got " + resamples);
        }
        if (resamples > MAX_RESAMPLES) {
            throw new IllegalArgumentException(tooMany(resamples));
        }
        int n = correct.length;
        if (n == 0) {
            return new Interval(0, 0);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] acc = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            int hits = 0;
            for (int i = 0; i < n; i++) {
                if (correct[rng.nextInt(n)]) {
                    hits++;
                }
            }
            acc[r] = (double) hits / n;
        }
        Arrays.sort(acc);
        return new Interval(percentile(acc, 0.025), percentile(acc, 0.975));
    }

    static String tooMany(int resamples) {
        return "--bootstrap must be at most " + MAX_RESAMPLES + " resamples, got " + resamples
                + "; 10000 already bring the resampling noise in the interval under 1% of its width";
    }

    /** Linear interpolation between order statistics (numpy's default). */
    static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * The standard error of a mean of 0/1 values with the sample variance, sqrt(p(1-p)/(n-1)), as
     * lm-evaluation-harness reports it; 0 for fewer than two examples.
     */
    public static double standardError(double p, long n) {
        return n < 2 ? 0 : Math.sqrt(p * (1 - p) / (n - 1));
    }
}
