package dev.graft.core.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import dev.graft.core.nn.Linear;
import dev.graft.core.nn.ParameterValues;
import dev.graft.core.nn.Projection;
import java.util.HashMap;
import java.util.Map;

/**
 * (IA)³ (Liu et al. 2022, §3.3): a learned vector rescales a projection's output ({@code l ⊙ Wx},
 * keys and values, {@code ia3_l} of shape (out, 1) as PEFT stores it) or, for the feed-forward output
 * projection, its input, the intermediate activations ({@code W(l ⊙ x)}, shape (1, in)). Vectors
 * start at one, so a fresh adapter leaves the output unchanged.
 */
public final class Ia3Linear extends AdapterWrapper {
    private final boolean feedForward;
    private final Map<String, Parameter> vectors = new HashMap<>();

    /** @param feedForward scale the input (FFN intermediate activations) rather than the output */
    public Ia3Linear(Projection base, boolean feedForward) {
        super(base);
        this.feedForward = feedForward;
    }

    public boolean isFeedForward() {
        return feedForward;
    }

    /** Adds a vector of ones on the manager of {@code like} (a base parameter). */
    public void addAdapter(String name, NDArray like) {
        register(name);
        long[] shape = feedForward ? new long[] {1, inFeatures()} : new long[] {outFeatures(), 1};
        Parameter l = addParameter(Parameter.builder().setName("ia3_l." + name).setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(shape)).optInitializer(Initializer.ONES).build());
        l.initialize(like.getManager(), DataType.FLOAT32);
        vectors.put(name, l);
    }

    public Parameter vector(String name) {
        Parameter p = vectors.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no IA3 adapter '" + name + "'; there are " + vectors.keySet());
        }
        return p;
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        String name = activeAdapter();
        if (name == null) {
            return base().apply(ps, x, training);
        }
        NDArray l = ps.getValue(vectors.get(name), x.getDevice(), training);
        // The activation is always the first operand, so results stay in its manager, not the model's.
        if (feedForward) {
            return base().apply(ps, x.mul(l), training); // (…, in) ⊙ (1, in)
        }
        return base().apply(ps, x, training).expandDims(-1).mul(l).squeeze(-1); // (…, out, 1) ⊙ (out, 1)
    }

    /**
     * Folds the active vector into the base {@link Linear} and returns it: {@code W ← l ⊙ W},
     * {@code b ← l ⊙ b} for a scaled output, {@code W ← W diag(l)} (bias unchanged) for a scaled input.
     * The wrapper must not be used afterwards; {@link Peft#mergeAndUnload} puts the base in its place.
     */
    Linear mergeIntoBase() {
        if (!(base() instanceof Linear linear)) {
            throw new IllegalStateException("IA3 merges into a plain Linear; this one wraps " + base().getClass().getSimpleName());
        }
        String name = activeAdapter();
        if (name == null) {
            return linear;
        }
        NDArray l = vectors.get(name).getArray(); // (out, 1) or (1, in)
        NDArray w = linear.weight().getArray(); // (out, in)
        try (NDArray scaled = w.mul(l)) {
            ParameterValues.assign(w, scaled);
        }
        if (!feedForward && linear.bias() != null) {
            NDArray b = linear.bias().getArray(); // (out)
            try (NDArray flat = l.reshape(-1); NDArray scaled = b.mul(flat)) {
                ParameterValues.assign(b, scaled);
            }
        }
        return linear;
    }
}
