package dev.graft.core.peft;

import dev.graft.core.nn.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import dev.graft.core.nn.ParameterValues;
import dev.graft.core.nn.Linear;
import dev.graft.core.nn.Projection;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LoRA (Hu et al. 2021, §4.1): {@code h = W₀x + (α/r)·B A drop(x)}, with {@code A} (r, in) drawn
 * Kaiming-uniform (bound {@code 1/√in}, as PEFT draws it) and {@code B} (out, r) zero, so a fresh
 * adapter leaves the output unchanged. rsLoRA (Kalajdzievskis 2023) scales by {@code α/√r}.
 *
 * <p>Adapters are children {@code lora_A.NAME} and {@code lora_B.NAME} (PEFT's module names);
 * {@link #merge} folds the active one into the frozen weight and {@link #unmerge} takes it out.
 * Inside {@link LoraRouting#route} each row of the batch uses its own adapter instead of the active one.
 */
public final class LoraLinear extends AdapterWrapper implements LoraLayer {
    private final Map<String, Linear> down = new LinkedHashMap<>();
    private final Map<String, Linear> up = new LinkedHashMap<>();
    private final Map<String, Float> scale = new LinkedHashMap<>();
    private final Map<String, Float> dropout = new LinkedHashMap<>();
    private String merged;
    /** Built at the first routed forward pass after the adapters (or their values) changed. */
    private LoraStacks stacks;

    public LoraLinear(Projection base) {
        super(base);
    }

    /** Adds an adapter, initialised on the base weight's manager. */
    public void addAdapter(String name, int rank, float alpha, float dropoutRate, boolean rsLora) {
        register(name);
        Linear a = adapterChild("lora_A." + name, new Linear(inFeatures(), rank, false));
        Linear b = adapterChild("lora_B." + name, new Linear(rank, outFeatures(), false));
        a.weight().setInitializer(new UniformInitializer((float) (1.0 / Math.sqrt(inFeatures()))));
        b.weight().setInitializer(Initializer.ZEROS);
        NDArray like = baseLinear().weight().getArray();
        a.weight().initialize(like.getManager(), DataType.FLOAT32);
        b.weight().initialize(like.getManager(), DataType.FLOAT32);
        down.put(name, a);
        up.put(name, b);
        scale.put(name, (float) (rsLora ? alpha / Math.sqrt(rank) : alpha / (double) rank));
        dropout.put(name, dropoutRate);
        invalidateRouting();
    }

    /** Removes adapter {@code name} and its parameters (refused while it is merged). */
    public void removeAdapter(String name) {
        adapter(down, name);
        if (name.equals(merged)) {
            throw new IllegalStateException("adapter '" + name + "' is merged into the weight; unmerge it before removing it");
        }
        unregister(name);
        detach("lora_A." + name);
        detach("lora_B." + name);
        down.remove(name);
        up.remove(name);
        scale.remove(name);
        dropout.remove(name);
        invalidateRouting();
    }

    /**
     * Drops the stacked copies of the adapters that routed forward passes use; call after changing
     * adapter values in place (loading does). They are rebuilt at the next routed pass.
     */
    private void invalidateRouting() {
        if (stacks != null) {
            stacks.close();
            stacks = null;
        }
    }

    public Parameter loraA(String name) {
        return adapter(down, name).weight();
    }

    public Parameter loraB(String name) {
        return adapter(up, name).weight();
    }

    public float scaling(String name) {
        adapter(up, name);
        return scale.get(name);
    }

    /** The adapter folded into the base weight, or null. */
    public String mergedAdapter() {
        return merged;
    }

    @Override
    public void setActiveAdapter(String name) {
        checkSwitch(name);
        super.setActiveAdapter(name);
    }

    @Override
    public void checkSwitch(String name) {
        String next = name != null && adapterNames().contains(name) ? name : null;
        if (merged != null && !merged.equals(next)) {
            throw new IllegalStateException("adapter '" + merged + "' is merged into the weight; unmerge it before"
                    + " switching to " + (next == null ? "none" : "'" + next + "'"));
        }
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = base().apply(ps, x, training); // (…, out)
        String[] rows = LoraRouting.rows();
        if (rows != null) {
            return routed(ps, x, y, rows, training);
        }
        return withAdapter(ps, x, y, activeAdapter(), training);
    }

    private NDArray withAdapter(ParameterStore ps, NDArray x, NDArray y, String name, boolean training) {
        if (name == null || name.equals(merged)) {
            return y;
        }
        NDArray dropped = Dropout.dropout(x, dropout.get(name), training).singletonOrThrow();
        NDArray delta = up.get(name).apply(ps, down.get(name).apply(ps, dropped, training), training); // (…, out)
        return y.add(Scalars.mul(delta, scale.get(name)));
    }

    /**
     * Each row its own adapter: {@code y_i + s_i·B_i A_i x_i}. A batch whose rows all use one adapter
     * (or none) takes the plain path; a mixed one gathers each row's stacked A and B and runs two
     * batched products (B, T, in) × (B, in, r) × (B, r, out).
     */
    private NDArray routed(ParameterStore ps, NDArray x, NDArray y, String[] rows, boolean training) {
        if (training) {
            throw new IllegalStateException("LoRA routing is for inference; a training forward pass ran inside LoraRouting.route");
        }
        if (merged != null) {
            throw new IllegalStateException("adapter '" + merged + "' is merged into the weight; unmerge it before routing rows");
        }
        long batch = x.getShape().get(0);
        if (batch != rows.length) {
            throw new IllegalStateException("LoRA routing names adapters for " + rows.length + " rows but the projection input is "
                    + x.getShape() + "; its leading dimension must be the batch");
        }
        String only = up.containsKey(rows[0]) ? rows[0] : null;
        boolean uniform = true;
        for (String r : rows) {
            uniform &= java.util.Objects.equals(only, up.containsKey(r) ? r : null);
        }
        if (uniform) {
            return withAdapter(ps, x, y, only, false);
        }
        LoraStacks s = stacks();
        Shape shape = x.getShape();
        NDArray x3 = shape.dimension() == 3 ? x : x.reshape(batch, -1, shape.get(shape.dimension() - 1)); // (B, T, in)
        NDArray delta = (long) s.count * s.rank <= denseLimit ? dense(s, x3, rows) : gathered(s, x3, rows); // (B, T, out)
        return y.add(shape.dimension() == 3 ? delta : delta.reshape(y.getShape()));
    }

    /**
     * Up to this many stacked rank columns, every row runs every adapter's A and keeps only its own
     * (masked); beyond, rows gather their own A and B. Tests lower it to run the gathered path.
     */
    static int denseLimit = 256;

    /**
     * Few adapters: {@code x·[A_1ᵀ … A_Nᵀ]} as one matrix product, each row's columns outside its own
     * adapter zeroed, then {@code ·[s_1B_1ᵀ; …; s_NB_Nᵀ]}: two plain GEMMs instead of gathered
     * batched products, exact zeros for the other adapters' columns.
     */
    private static NDArray dense(LoraStacks s, NDArray x3, String[] rows) {
        int width = s.count * s.rank;
        float[] mask = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            int slot = s.slot(rows[i]);
            if (slot > 0) {
                java.util.Arrays.fill(mask, i * width + (slot - 1) * s.rank, i * width + slot * s.rank, 1f);
            }
        }
        NDArray keep = x3.getManager().create(mask, new Shape(rows.length, 1, width)); // (B, 1, N·r)
        NDArray down = ai.djl.nn.core.Linear.linear(x3, s.downAll).singletonOrThrow(); // (B, T, N·r)
        return down.mul(keep).matMul(s.upAll); // (B, T, out)
    }

    /** Many adapters: each row's A and B gathered from the stacks, two batched products. */
    private static NDArray gathered(LoraStacks s, NDArray x3, String[] rows) {
        long[] slots = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            slots[i] = s.slot(rows[i]);
        }
        NDArray index = x3.getManager().create(slots); // (B)
        NDArray a = s.down.get(index); // (B, in, r)
        NDArray b = s.up.get(index); // (B, r, out)
        // The gathers land in the stacks' manager (the first operand's); move them to the pass's.
        a.attach(x3.getManager());
        b.attach(x3.getManager());
        return x3.matMul(a).matMul(b); // (B, T, out)
    }

    private LoraStacks stacks() {
        if (stacks == null) {
            Map<String, NDArray> a = new LinkedHashMap<>();
            Map<String, NDArray> b = new LinkedHashMap<>();
            for (String n : down.keySet()) {
                a.put(n, down.get(n).weight().getArray());
                b.put(n, up.get(n).weight().getArray());
            }
            NDArray like = down.values().iterator().next().weight().getArray(); // any adapter's: the stacks' manager
            stacks = new LoraStacks(new ArrayList<>(down.keySet()), a, b, scale, (int) inFeatures(), (int) outFeatures(),
                    like.getManager());
        }
        return stacks;
    }

    /** Folds the active adapter into the base weight: {@code W ← W + scale·B A}. */
    public void merge() {
        String name = activeAdapter();
        if (name == null) {
            throw new IllegalStateException("no active LoRA adapter to merge");
        }
        if (merged != null) {
            throw new IllegalStateException("adapter '" + merged + "' is already merged");
        }
        addDelta(name, 1f);
        merged = name;
    }

    /** Takes the merged adapter back out of the base weight. */
    public void unmerge() {
        if (merged == null) {
            throw new IllegalStateException("no LoRA adapter is merged");
        }
        addDelta(merged, -1f);
        merged = null;
    }

    private void addDelta(String name, float sign) {
        NDArray w = baseLinear().weight().getArray();
        NDArray b = up.get(name).weight().getArray();
        NDArray a = down.get(name).weight().getArray();
        try (NDArray delta = b.matMul(a); // (out, in)
                NDArray scaled = delta.mul(sign * scale.get(name));
                NDArray sum = w.add(scaled)) {
            ParameterValues.assign(w, sum);
        }
    }

    Linear baseLinear() {
        if (!(base() instanceof Linear linear)) {
            throw new IllegalStateException("LoRA merges into a plain Linear; this one wraps " + base().getClass().getSimpleName());
        }
        return linear;
    }

    private static Linear adapter(Map<String, Linear> map, String name) {
        Linear l = map.get(name);
        if (l == null) {
            throw new IllegalArgumentException("no LoRA adapter '" + name + "'; there are " + map.keySet());
        }
        return l;
    }
}
