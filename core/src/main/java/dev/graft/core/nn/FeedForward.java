package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Position-wise feed-forward (Vaswani et al. §3.3): {@code FFN(x) = act(x W_in + b_in) W_out + b_out},
 * or gated (Shazeer 2020, T5 v1.1's gated-gelu): {@code (act(x W_gate) ⊙ x W_in) W_out}.
 */
public final class FeedForward extends GraftBlock {
    private final Activation activation;
    private final float innerDropout;
    private Projection gate;
    private Projection in;
    private Projection out;

    public FeedForward(LayerSpec spec) {
        long h = spec.hiddenSize();
        long inter = spec.intermediateSize();
        this.activation = spec.activation();
        this.innerDropout = spec.ffnDropout();
        this.gate = spec.gatedFfn() ? addChildBlock("gate", new Linear(h, inter, spec.bias())) : null;
        this.in = addChildBlock("in", new Linear(h, inter, spec.bias()));
        this.out = addChildBlock("out", new Linear(inter, h, spec.bias()));
    }

    /** An ungated FFN with biases; {@code innerDropout} after the activation (torch.nn has it; BERT: 0). */
    public FeedForward(long hiddenSize, long intermediateSize, Activation activation, float innerDropout) {
        this(new LayerSpec(hiddenSize, 1, intermediateSize, activation, 1e-5, 0f, 0f, innerDropout, false));
    }

    public Projection in() {
        return in;
    }

    public Projection out() {
        return out;
    }

    /** The projections by child name: {@code gate} (gated FFNs only), {@code in}, {@code out}. */
    public Map<String, Projection> projections() {
        Map<String, Projection> all = new LinkedHashMap<>();
        if (gate != null) {
            all.put("gate", gate);
        }
        all.put("in", in);
        all.put("out", out);
        return all;
    }

    /** Puts {@code replacement} (a block) in the place of the projection {@code name} (see {@link #projections}). */
    public void replaceProjection(String name, Projection replacement) {
        if (!projections().containsKey(name)) {
            throw new IllegalArgumentException("feed-forward has no projection " + name + "; it has " + projections().keySet());
        }
        replaceChild(name, (ai.djl.nn.Block) replacement);
        switch (name) {
            case "gate" -> gate = replacement;
            case "in" -> in = replacement;
            default -> out = replacement;
        }
    }

    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray h = gate == null
                ? activation.apply(in.apply(ps, x, training))
                : activation.apply(gate.apply(ps, x, training)).mul(in.apply(ps, x, training)); // (B, T, I)
        h = Dropout.dropout(h, innerDropout, training).singletonOrThrow();
        return out.apply(ps, h, training); // (B, T, H)
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
