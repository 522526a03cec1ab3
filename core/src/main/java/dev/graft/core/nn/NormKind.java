package dev.graft.core.nn;

/** The normalisation a layer uses. */
public enum NormKind {
    LAYER_NORM,
    /** Root-mean-square norm without mean or bias (Zhang and Sennrich 2019), T5's {@code T5LayerNorm}. */
    RMS_NORM;

    public NormBlock create(long size, double eps) {
        return this == LAYER_NORM ? new LayerNorm(size, eps) : new RmsNorm(size, eps);
    }
}
