package dev.graft.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

/**
 * A parameter the optimizer updates.
 *
 * @param path dotted path from {@code ParameterPaths} ({@code encoder.layers.0.attention.query.weight})
 * @param decay whether weight decay applies: matrices yes; biases and LayerNorm gains/shifts (1-D) no,
 *     as in BERT's and nanoGPT's optimizer groups
 */
public record TrainableParameter(String path, Parameter parameter, boolean decay) {
    public NDArray array() {
        return parameter.getArray();
    }

    public long size() {
        return parameter.getArray().getShape().size();
    }

    /** Decay rule: every parameter of two or more dimensions. */
    public static TrainableParameter of(String path, Parameter p) {
        return new TrainableParameter(path, p, p.getArray().getShape().dimension() >= 2);
    }
}
