package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/**
 * LayerNorm over the last axis only (Ba et al. 2016), {@code (x − mean) / sqrt(var + eps) · weight + bias}.
 * DJL's {@code LayerNorm} block normalises every non-batch axis unless told otherwise, which is
 * not what transformer checkpoints expect; this one fixes the axis to the hidden size.
 */
public final class LayerNorm extends NormBlock {
    private final long size;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public LayerNorm(long size, double eps) {
        this.size = size;
        this.eps = (float) eps;
        this.weight = param("weight", Parameter.Type.GAMMA, Initializer.ONES, size);
        this.bias = param("bias", Parameter.Type.BETA, Initializer.ZEROS, size);
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = value(ps, weight, x, training);
        NDArray b = value(ps, bias, x, training);
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(size), w, b, eps).singletonOrThrow();
    }
}
