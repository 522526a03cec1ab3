package dev.graft.core.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.graft.core.model.t5.T5Model;
import dev.graft.core.nn.Embedding;
import dev.graft.core.nn.EncoderLayer;
import dev.graft.core.nn.EncoderStack;
import dev.graft.core.nn.GraftBlock;
import dev.graft.core.nn.KeyValue;
import dev.graft.core.nn.KeyValueExtension;
import dev.graft.core.nn.Linear;
import dev.graft.core.nn.MultiHeadAttention;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.nn.Projection;
import java.util.ArrayList;
import java.util.List;

/**
 * Prefix tuning (Li and Liang 2021, §4.2): P learned key and value vectors per layer, prepended in
 * every self-attention through {@link KeyValueExtension}; the mask is widened so every query sees
 * them. The table is {@code (P, L·2·inner)} as PEFT lays out {@code prompt_embeddings}: for layer
 * {@code l}, column block {@code 2l} holds keys and {@code 2l+1} values, each {@code (heads, headDim)}.
 * With the projection (§4.3) the table is {@code MLP(E)}, {@code E} (P, H), {@code tanh} between
 * two linear maps (PEFT's {@code transform.0}, {@code transform.2}).
 */
public final class PrefixEncoder extends GraftBlock {
    private final int numVirtualTokens;
    private final int numLayers;
    private final Embedding embedding;
    private final Linear first;
    private final Linear second;

    PrefixEncoder(int numVirtualTokens, int numLayers, long hidden, long inner, int projectionHidden, boolean projection) {
        this.numVirtualTokens = numVirtualTokens;
        this.numLayers = numLayers;
        long width = 2L * numLayers * inner;
        this.embedding = addChildBlock("embedding", new Embedding(numVirtualTokens, projection ? hidden : width));
        this.embedding.weight().setInitializer(new NormalInitializer(1f)); // torch's nn.Embedding init, as PEFT
        this.first = projection ? addChildBlock("transform.0", new Linear(hidden, projectionHidden)) : null;
        this.second = projection ? addChildBlock("transform.2", new Linear(projectionHidden, width)) : null;
    }

    public int numVirtualTokens() {
        return numVirtualTokens;
    }

    public int numLayers() {
        return numLayers;
    }

    /** The raw table (no projection) or the embedding before the MLP. */
    public Parameter embeddingWeight() {
        return embedding.weight();
    }

    /** (P, L·2·inner), in {@code manager}. */
    public NDArray table(ParameterStore ps, NDManager manager, boolean training) {
        NDArray ids = manager.arange(numVirtualTokens).toType(DataType.INT64, false);
        NDArray e = embedding.apply(ps, ids, training); // (P, H) or (P, 2L·inner)
        return first == null ? e : second.apply(ps, first.apply(ps, e, training).tanh(), training);
    }

    /** Keys and values of {@code layer} prepended to {@code kv}. */
    KeyValue prepend(ParameterStore ps, KeyValue kv, int layer, boolean training) {
        Shape s = kv.keys().getShape(); // (B, nh, S, hd)
        NDArray table = table(ps, kv.keys().getManager(), training)
                .reshape(numVirtualTokens, 2L * numLayers, s.get(1), s.get(3)); // (P, 2L, nh, hd)
        Shape wide = new Shape(s.get(0), s.get(1), numVirtualTokens, s.get(3));
        NDArray keys = table.get(new NDIndex(":, {}", 2 * layer)).transpose(1, 0, 2).expandDims(0).broadcast(wide);
        NDArray values = table.get(new NDIndex(":, {}", 2 * layer + 1)).transpose(1, 0, 2).expandDims(0).broadcast(wide);
        return new KeyValue(keys.concat(kv.keys(), 2), values.concat(kv.values(), 2)); // (B, nh, P + S, hd)
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(table(ps, inputs.head().getManager(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(numVirtualTokens, -1)};
    }
}
