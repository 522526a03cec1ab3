package dev.graft.eval;

/** A two-sided interval [lower, upper]. */
public record Interval(double lower, double upper) {
    public boolean contains(double x) {
        return lower <= x && x <= upper;
    }

    public double width() {
        return upper - lower;
    }
}
