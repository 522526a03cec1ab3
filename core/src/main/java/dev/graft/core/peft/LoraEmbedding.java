package dev.graft.core.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.graft.core.nn.Embedding;
import dev.graft.core.nn.EmbeddingUpdate;
import dev.graft.core.nn.GraftBlock;
import dev.graft.core.nn.ParameterValues;
import dev.graft.core.nn.Scalars;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * LoRA on a word embedding, as PEFT's {@code lora.Embedding} computes it:
 * {@code E[ids] + (α/r)·(Aᵀ[ids]) Bᵀ}, with {@code A} (r, vocab) zero and {@code B} (dim, r) drawn
 * from N(0, 1), so a fresh adapter leaves the lookup unchanged (PEFT initialises the two the other way
 * round from {@link LoraLinear}). Each token gets an r-dimensional row of its own in {@code Aᵀ}, which
 * is what a frozen table lacks when fine-tuning needs words it never had to tell apart (the demo's
 * antonyms and hypernyms). PEFT applies no dropout here, and neither do we.
 *
 * <p>The factors are children of the table, {@code lora_embedding_A.NAME.weight} and
 * {@code lora_embedding_B.NAME.weight}, saved under PEFT's keys without the {@code .weight}.
 * Inside {@link LoraRouting#route} each row of the batch uses its own adapter.
 */
public final class LoraEmbedding implements EmbeddingUpdate, LoraLayer {
    static final String A = "lora_embedding_A";
    static final String B = "lora_embedding_B";

    private final Embedding table;
    private final Map<String, Factor> down = new LinkedHashMap<>();
    private final Map<String, Factor> up = new LinkedHashMap<>();
    private final Map<String, Float> scale = new LinkedHashMap<>();
    private String active;
    private String merged;

    LoraEmbedding(Embedding table) {
        this.table = table;
    }

    /** The LoRA on {@code table}, attached at the first call. */
    static LoraEmbedding on(Embedding table) {
        if (table.update() instanceof LoraEmbedding l) {
            return l;
        }
        if (table.update() != null) {
            throw new IllegalStateException("the word embedding already has a " + table.update().getClass().getSimpleName());
        }
        LoraEmbedding l = new LoraEmbedding(table);
        table.setUpdate(l);
        return l;
    }

    /** Adds an adapter, initialised on the table's manager. */
    public void addAdapter(String name, int rank, float alpha, boolean rsLora) {
        if (down.containsKey(name)) {
            throw new IllegalArgumentException("the word embedding already has a LoRA adapter '" + name + "'");
        }
        Factor a = table.attach(A + "." + name, new Factor(rank, table.numEmbeddings(), Initializer.ZEROS));
        Factor b = table.attach(B + "." + name, new Factor(table.dim(), rank, new NormalInitializer(1f)));
        NDArray like = table.weight().getArray();
        a.weight.initialize(like.getManager(), DataType.FLOAT32);
        b.weight.initialize(like.getManager(), DataType.FLOAT32);
        down.put(name, a);
        up.put(name, b);
        scale.put(name, (float) (rsLora ? alpha / Math.sqrt(rank) : alpha / (double) rank));
    }

    /** Removes adapter {@code name} and its factors (refused while it is merged). */
    public void removeAdapter(String name) {
        require(name);
        if (name.equals(merged)) {
            throw new IllegalStateException("adapter '" + name + "' is merged into the word embedding; unmerge it before removing it");
        }
        table.detach(A + "." + name);
        table.detach(B + "." + name);
        down.remove(name);
        up.remove(name);
        scale.remove(name);
        if (name.equals(active)) {
            active = null;
        }
    }

    public Set<String> adapterNames() {
        return new LinkedHashSet<>(down.keySet());
    }

    /** Makes {@code name} active (null: none); one that is not here makes none active. */
    public void setActiveAdapter(String name) {
        checkSwitch(name);
        active = name != null && down.containsKey(name) ? name : null;
    }

    @Override
    public void checkSwitch(String name) {
        String next = name != null && down.containsKey(name) ? name : null;
        if (merged != null && !merged.equals(next)) {
            throw new IllegalStateException("adapter '" + merged + "' is merged into the word embedding; unmerge it before"
                    + " switching to " + (next == null ? "none" : "'" + next + "'"));
        }
    }

    public String activeAdapter() {
        return active;
    }

    public String mergedAdapter() {
        return merged;
    }

    public Parameter loraA(String name) {
        return require(name).weight;
    }

    public Parameter loraB(String name) {
        require(name);
        return up.get(name).weight;
    }

    public float scaling(String name) {
        require(name);
        return scale.get(name);
    }

    @Override
    public NDArray delta(ParameterStore ps, NDArray ids, boolean training) {
        String[] rows = LoraRouting.rows();
        if (rows == null) {
            return active == null || active.equals(merged) ? null : delta(ps, ids, active, training);
        }
        return routed(ps, ids, rows, training);
    }

    /**
     * Each row its own adapter. A batch whose rows all use one adapter (or none) takes the plain path;
     * a mixed one adds each adapter's delta to its own rows only (the vocabulary lookup is cheap next to
     * the projections, so no stacking as {@link LoraLinear} does).
     */
    private NDArray routed(ParameterStore ps, NDArray ids, String[] rows, boolean training) {
        if (training) {
            throw new IllegalStateException("LoRA routing is for inference; a training forward pass ran inside LoraRouting.route");
        }
        if (merged != null) {
            throw new IllegalStateException("adapter '" + merged + "' is merged into the word embedding; unmerge it before routing rows");
        }
        long batch = ids.getShape().get(0);
        if (batch != rows.length) {
            throw new IllegalStateException("LoRA routing names adapters for " + rows.length + " rows but the embedding input is "
                    + ids.getShape() + "; its leading dimension must be the batch");
        }
        Set<String> used = new LinkedHashSet<>();
        for (String r : rows) {
            used.add(r != null && down.containsKey(r) ? r : null);
        }
        if (used.size() == 1) {
            String only = used.iterator().next();
            return only == null ? null : delta(ps, ids, only, false);
        }
        NDArray sum = null;
        for (String name : used) {
            if (name == null) {
                continue;
            }
            float[] keep = new float[rows.length];
            for (int i = 0; i < rows.length; i++) {
                keep[i] = Objects.equals(rows[i], name) ? 1f : 0f;
            }
            NDArray d = delta(ps, ids, name, false).mul(ids.getManager().create(keep, new Shape(batch, 1, 1)).toDevice(ids.getDevice(), false));
            sum = sum == null ? d : sum.add(d);
        }
        return sum;
    }

    /** {@code s·Aᵀ[ids]·Bᵀ}: a lookup in the (vocab, r) transposed A, then B as a (r → dim) linear map. */
    private NDArray delta(ParameterStore ps, NDArray ids, String name, boolean training) {
        NDArray a = ps.getValue(down.get(name).weight, ids.getDevice(), training).transpose(); // (vocab, r)
        // The transpose lands in the parameter's (the model's) manager; the pass's manager must own it.
        a.attach(ids.getManager());
        NDArray b = ps.getValue(up.get(name).weight, ids.getDevice(), training); // (dim, r): (out, in) as Linear takes it
        NDArray low = ids.getNDArrayInternal().embedding(ids, a, SparseFormat.DENSE).singletonOrThrow(); // (B, T, r)
        return Scalars.mul(ai.djl.nn.core.Linear.linear(low, b).singletonOrThrow(), scale.get(name)); // (B, T, dim)
    }

    /** Folds the active adapter into the table: {@code E ← E + s·Aᵀ Bᵀ}. */
    public void merge() {
        if (active == null) {
            throw new IllegalStateException("no active LoRA adapter to merge into the word embedding");
        }
        if (merged != null) {
            throw new IllegalStateException("adapter '" + merged + "' is already merged into the word embedding");
        }
        addDelta(active, 1f);
        merged = active;
    }

    /** Takes the merged adapter back out of the table. */
    public void unmerge() {
        if (merged == null) {
            throw new IllegalStateException("no LoRA adapter is merged into the word embedding");
        }
        addDelta(merged, -1f);
        merged = null;
    }

    private void addDelta(String name, float sign) {
        NDArray w = table.weight().getArray(); // (vocab, dim)
        try (NDArray aT = down.get(name).weight.getArray().transpose();
                NDArray bT = up.get(name).weight.getArray().transpose();
                NDArray delta = aT.matMul(bT);
                NDArray scaled = delta.mul(sign * scale.get(name));
                NDArray sum = w.add(scaled)) {
            ParameterValues.assign(w, sum);
        }
    }

    /**
     * Takes this LoRA off the table with every factor, as PEFT's {@code merge_and_unload} does: a merged
     * adapter stays in the table's values, the others are dropped.
     */
    void detach() {
        for (String name : adapterNames()) {
            table.detach(A + "." + name);
            table.detach(B + "." + name);
        }
        table.setUpdate(null);
    }

    private Factor require(String name) {
        Factor f = down.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no LoRA adapter '" + name + "' on the word embedding; there are " + down.keySet());
        }
        return f;
    }

    /** One factor: a bare parameter {@code weight}, read by {@link LoraEmbedding} rather than run. */
    static final class Factor extends GraftBlock {
        private final Parameter weight;

        Factor(long rows, long cols, Initializer init) {
            this.weight = param("weight", Parameter.Type.WEIGHT, init, rows, cols);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            throw new UnsupportedOperationException("a LoRA embedding factor is read by its LoraEmbedding, not run");
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            throw new UnsupportedOperationException("a LoRA embedding factor is read by its LoraEmbedding, not run");
        }
    }
}
