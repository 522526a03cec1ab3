package dev.graft.core.data;

import java.util.Arrays;

/**
 * Summary of a length distribution, by nearest rank (the smallest value with at least q of the data
 * at or below it), so every figure is a length that occurs.
 */
public record Percentiles(int min, int p50, int p90, int p95, int p99, int max, double mean) {
    public static Percentiles of(int[] values) {
        if (values.length == 0) {
            return new Percentiles(0, 0, 0, 0, 0, 0, 0);
        }
        int[] v = values.clone();
        Arrays.sort(v);
        return new Percentiles(v[0], rank(v, 0.50), rank(v, 0.90), rank(v, 0.95), rank(v, 0.99), v[v.length - 1],
                Arrays.stream(v).average().orElse(0));
    }

    private static int rank(int[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
