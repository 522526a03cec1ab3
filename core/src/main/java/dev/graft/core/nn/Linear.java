package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * {@code y = x Wᵀ + b} with {@code W} stored (out, in) as in PyTorch's {@code nn.Linear}, so
 * checkpoint tensors load without a transpose. Our own rather than DJL's {@code Linear} because
 * DJL infers the input width from the first batch; ours knows it from the config.
 */
public final class Linear extends GraftBlock implements Projection {
    private final long inFeatures;
    private final long outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(long inFeatures, long outFeatures, boolean withBias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight =
                param("weight", Parameter.Type.WEIGHT, new NormalInitializer(0.02f), outFeatures, inFeatures);
        this.bias = withBias ? param("bias", Parameter.Type.BIAS, Initializer.ZEROS, outFeatures) : null;
    }

    public Linear(long inFeatures, long outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    @Override
    public long inFeatures() {
        return inFeatures;
    }

    @Override
    public long outFeatures() {
        return outFeatures;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = value(ps, weight, x, training);
        NDArray b = bias == null ? null : value(ps, bias, x, training);
        return ai.djl.nn.core.Linear.linear(x, w, b).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(outFeatures)};
    }
}
