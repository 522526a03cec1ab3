package dev.graft.core.peft;

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
import java.util.HashMap;
import java.util.Map;

/**
 * LoRA (Hu et al. 2021, §4.1): {@code h = W₀x + (α/r)·B A drop(x)}, with {@code A} (r, in) drawn
 * Kaiming-uniform (bound {@code 1/√in}, as PEFT draws it) and {@code B} (out, r) zero, so a fresh
 * adapter leaves the output unchanged. rsLoRA (Kalajdzievskis 2023) scales by {@code α/√r}.
 *
 * <p>Adapters are children {@code lora_A.NAME} and {@code lora_B.NAME} (PEFT's module names);
 * {@link #merge} folds the active one into the frozen weight and {@link #unmerge} takes it out.
 */
public final class LoraLinear extends AdapterWrapper {
    private final Map<String, Linear> down = new HashMap<>();
    private final Map<String, Linear> up = new HashMap<>();
    private final Map<String, Float> scale = new HashMap<>();
    private final Map<String, Float> dropout = new HashMap<>();
    private String merged;

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
        if (merged != null && !merged.equals(name)) {
            throw new IllegalStateException("adapter '" + merged + "' is merged into the weight; unmerge it before"
                    + " switching to " + (name == null ? "none" : "'" + name + "'"));
        }
        super.setActiveAdapter(name);
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = base().apply(ps, x, training); // (…, out)
        String name = activeAdapter();
        if (name == null || name.equals(merged)) {
            return y;
        }
        NDArray dropped = Dropout.dropout(x, dropout.get(name), training).singletonOrThrow();
        NDArray delta = up.get(name).apply(ps, down.get(name).apply(ps, dropped, training), training); // (…, out)
        return y.add(delta.mul(scale.get(name)));
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
