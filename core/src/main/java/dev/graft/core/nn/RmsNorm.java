package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/**
 * RMS norm (Zhang and Sennrich 2019) as T5 uses it: {@code x / sqrt(mean(x²) + eps) · weight}, no mean
 * subtraction and no bias.
 */
public final class RmsNorm extends NormBlock {
    private final float eps;
    private final Parameter weight;

    public RmsNorm(long size, double eps) {
        this.eps = (float) eps;
        this.weight = param("weight", Parameter.Type.GAMMA, Initializer.ONES, size);
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray variance = x.square().mean(new int[] {-1}, true); // (B, T, 1)
        return x.div(variance.add(eps).sqrt()).mul(value(ps, weight, x, training));
    }
}
