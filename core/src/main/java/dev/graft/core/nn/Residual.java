package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import java.util.function.UnaryOperator;

/**
 * The residual wiring around a sub-layer, in the two layouts transformer checkpoints use:
 * post-LN {@code LN(x + drop(f(x)))} (Vaswani et al. 2017, BERT) and pre-LN
 * {@code x + drop(f(LN(x)))} (GPT-2, Xiong et al. 2020).
 */
final class Residual {
    private Residual() {}

    static NDArray apply(
            ParameterStore ps,
            NDArray x,
            NormBlock norm,
            boolean preNorm,
            float dropout,
            boolean training,
            UnaryOperator<NDArray> sublayer) {
        if (preNorm) {
            NDArray f = sublayer.apply(norm.apply(ps, x, training));
            return x.add(Dropout.dropout(f, dropout, training).singletonOrThrow());
        }
        NDArray f = sublayer.apply(x);
        return norm.apply(ps, x.add(Dropout.dropout(f, dropout, training).singletonOrThrow()), training);
    }
}
