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
 * Multi-head scaled dot-product attention (Vaswani et al. 2017, §3.2):
 * {@code head_h = softmax(Q_h K_hᵀ / √d_k + M) V_h}, {@code out = concat(head_1..head_n) W_o}.
 *
 * <p>{@code M} is an additive mask from {@link Masks} (padding, causal, or their sum) to which a model
 * may add a position bias (T5). Self-attention can extend a {@link KeyValue} cache from earlier
 * decoding steps; cross-attention can reuse the keys and values it computed from the encoder output.
 */
public final class MultiHeadAttention extends GraftBlock {
    private final int numHeads;
    private final long headDim;
    private final float scale;
    private final float dropout;
    private Projection qkv;
    private Projection query;
    private Projection key;
    private Projection value;
    private Projection output;
    private KeyValueExtension extension;

    /** An attention block as a layer spec describes it. */
    public MultiHeadAttention(LayerSpec spec) {
        this.numHeads = spec.numHeads();
        this.headDim = spec.headDim();
        this.scale = spec.scaledAttention() ? (float) (1.0 / Math.sqrt(headDim)) : 1f;
        this.dropout = spec.attentionDropout();
        long h = spec.hiddenSize();
        long inner = spec.innerSize();
        boolean bias = spec.bias();
        if (spec.fusedQkv()) {
            this.qkv = addChildBlock("qkv", new Linear(h, 3 * inner, bias));
            this.query = null;
            this.key = null;
            this.value = null;
        } else {
            this.qkv = null;
            this.query = addChildBlock("query", new Linear(h, inner, bias));
            this.key = addChildBlock("key", new Linear(h, inner, bias));
            this.value = addChildBlock("value", new Linear(h, inner, bias));
        }
        this.output = addChildBlock("output", new Linear(inner, h, bias));
    }

    /** BERT-style attention: biases, scaled scores, separate Q/K/V of H / heads each. */
    public MultiHeadAttention(long hiddenSize, int numHeads, float dropout, boolean scaled) {
        this(new LayerSpec(hiddenSize, numHeads, 1, Activation.RELU, 1e-5, dropout, 0f, 0f, false).scaled(scaled));
    }

    /**
     * The projections by child name ({@code query}, {@code key}, {@code value} or {@code qkv}, then
     * {@code output}), each a {@link Linear} or a PEFT wrapper of one.
     */
    public Map<String, Projection> projections() {
        Map<String, Projection> out = new LinkedHashMap<>();
        if (qkv != null) {
            out.put("qkv", qkv);
        } else {
            out.put("query", query);
            out.put("key", key);
            out.put("value", value);
        }
        out.put("output", output);
        return out;
    }

    /** Puts {@code replacement} (a block) in the place of the projection {@code name} (see {@link #projections}). */
    public void replaceProjection(String name, Projection replacement) {
        if (!projections().containsKey(name)) {
            throw new IllegalArgumentException("attention has no projection " + name + "; it has " + projections().keySet());
        }
        replaceChild(name, (ai.djl.nn.Block) replacement);
        switch (name) {
            case "qkv" -> qkv = replacement;
            case "query" -> query = replacement;
            case "key" -> key = replacement;
            case "value" -> value = replacement;
            default -> output = replacement;
        }
    }

    /** Sets (or, with null, removes) the keys and values prepended to every attention of this block. */
    public void setKeyValueExtension(KeyValueExtension extension) {
        this.extension = extension;
    }

    public KeyValueExtension keyValueExtension() {
        return extension;
    }

    /**
     * Attention of {@code x} over {@code source} (itself for self-attention), no cache.
     *
     * @param x (B, T, H) queries
     * @param source (B, S, H) keys and values
     * @param mask additive mask broadcastable to (B, heads, T, S), or null
     */
    public AttentionOutput attend(ParameterStore ps, NDArray x, NDArray source, NDArray mask, boolean training) {
        if (qkv != null) {
            if (source != x) {
                throw new IllegalStateException("a fused Q/K/V projection only serves self-attention");
            }
            return selfAttend(ps, x, mask, null, training);
        }
        KeyValue kv = new KeyValue(splitHeads(key.apply(ps, source, training)), splitHeads(value.apply(ps, source, training)));
        return attendOver(ps, splitHeads(query.apply(ps, x, training)), kv, mask, training);
    }

    /**
     * Self-attention of {@code x}, its keys and values appended to {@code past} (null: none); the mask
     * must span past plus new positions (see {@link Masks#causal}).
     */
    public AttentionOutput selfAttend(ParameterStore ps, NDArray x, NDArray mask, KeyValue past, boolean training) {
        NDArray q;
        NDArray k;
        NDArray v;
        if (qkv != null) {
            NDList parts = qkv.apply(ps, x, training).split(3, 2); // 3 × (B, T, inner)
            q = splitHeads(parts.get(0));
            k = splitHeads(parts.get(1));
            v = splitHeads(parts.get(2));
        } else {
            q = splitHeads(query.apply(ps, x, training));
            k = splitHeads(key.apply(ps, x, training));
            v = splitHeads(value.apply(ps, x, training));
        }
        if (past != null) {
            k = past.keys().concat(k, 2); // (B, nh, S_past + T, hd)
            v = past.values().concat(v, 2);
        }
        return attendOver(ps, q, new KeyValue(k, v), mask, training);
    }

    /**
     * Cross-attention of {@code x} over {@code memory}; {@code cached} (the keys and values of an
     * earlier step over the same memory) saves recomputing them.
     */
    public AttentionOutput crossAttend(
            ParameterStore ps, NDArray x, NDArray memory, NDArray mask, KeyValue cached, boolean training) {
        KeyValue kv = cached != null
                ? cached
                : new KeyValue(splitHeads(key.apply(ps, memory, training)), splitHeads(value.apply(ps, memory, training)));
        return attendOver(ps, splitHeads(query.apply(ps, x, training)), kv, mask, training);
    }

    private AttentionOutput attendOver(ParameterStore ps, NDArray q, KeyValue own, NDArray mask, boolean training) {
        KeyValue kv = own;
        if (extension != null) {
            kv = extension.prepend(ps, own, training); // (B, nh, P + S, hd)
            mask = Masks.prependVisible(mask, kv.length() - own.length());
        }
        NDArray scores = q.matMul(kv.keys().transpose(0, 1, 3, 2)); // (B, nh, T, S)
        if (scale != 1f) {
            scores = Scalars.mul(scores, scale);
        }
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray probs = scores.softmax(-1);
        NDArray attended = Dropout.dropout(probs, dropout, training).singletonOrThrow().matMul(kv.values()); // (B, nh, T, hd)
        Shape s = q.getShape();
        NDArray merged = attended.transpose(0, 2, 1, 3).reshape(s.get(0), s.get(2), numHeads * headDim); // (B, T, inner)
        return new AttentionOutput(output.apply(ps, merged, training), probs, own);
    }

    private NDArray splitHeads(NDArray t) {
        Shape s = t.getShape();
        return t.reshape(s.get(0), s.get(1), numHeads, headDim).transpose(0, 2, 1, 3); // (B, nh, T, hd)
    }

    /** Inputs: (x, source, mask); the mask may be omitted. Outputs: (context, weights). */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray mask = inputs.size() > 2 ? inputs.get(2) : null;
        AttentionOutput out = attend(ps, inputs.get(0), inputs.get(1), mask, training);
        return new NDList(out.context(), out.weights());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape src = inputShapes[1];
        return new Shape[] {x, new Shape(x.get(0), numHeads, x.get(1), src.get(1))};
    }
}
