package dev.graft.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Expected calibration error over equal-width confidence bins (Guo et al. 2017, "On Calibration of
 * Modern Neural Networks", eq. 3): bin m holds predictions with confidence in ((m-1)/M, m/M], and
 * ECE = Σ_m |B_m|/n · |acc(B_m) − conf(B_m)|.
 *
 * @param ece the expected calibration error
 * @param bins every bin, empty ones included, for the reliability diagram
 */
public record Calibration(double ece, List<Bin> bins) {
    public static final int DEFAULT_BINS = 15;

    /**
     * @param lower the bin's lower edge (exclusive, except 0 for the first bin)
     * @param upper the bin's upper edge (inclusive)
     * @param count predictions in the bin
     * @param confidence their mean confidence (0 when empty)
     * @param accuracy the share of them that is right (0 when empty)
     */
    public record Bin(double lower, double upper, long count, double confidence, double accuracy) {}

    public Calibration {
        bins = List.copyOf(bins);
    }

    /** @param confidence the probability of the predicted class, per example */
    public static Calibration of(double[] confidence, boolean[] correct, int numBins) {
        long[] count = new long[numBins];
        double[] conf = new double[numBins];
        long[] hits = new long[numBins];
        for (int i = 0; i < confidence.length; i++) {
            int b = (int) Math.ceil(confidence[i] * numBins) - 1;
            b = Math.max(0, Math.min(numBins - 1, b));
            count[b]++;
            conf[b] += confidence[i];
            hits[b] += correct[i] ? 1 : 0;
        }
        List<Bin> bins = new ArrayList<>();
        double ece = 0;
        for (int b = 0; b < numBins; b++) {
            double meanConf = count[b] == 0 ? 0 : conf[b] / count[b];
            double acc = count[b] == 0 ? 0 : (double) hits[b] / count[b];
            bins.add(new Bin((double) b / numBins, (double) (b + 1) / numBins, count[b], meanConf, acc));
            if (confidence.length > 0) {
                ece += (double) count[b] / confidence.length * Math.abs(acc - meanConf);
            }
        }
        return new Calibration(ece, bins);
    }
}
