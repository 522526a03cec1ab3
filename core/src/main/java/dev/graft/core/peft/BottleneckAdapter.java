package dev.graft.core.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import dev.graft.core.nn.Linear;
import dev.graft.core.nn.Projection;
import java.util.HashMap;
import java.util.Map;

/**
 * A bottleneck adapter (Houlsby et al. 2019, §2.1) on a sub-layer's output projection:
 * {@code y = W x; y + W_up relu(W_down y)}, inside the residual, as the paper places it after the
 * attention and after the feed-forward projection. {@code W_down} (H/reduction, H) is drawn N(0, 0.02²)
 * and {@code W_up} is zero, so a fresh adapter is exactly the identity.
 */
public final class BottleneckAdapter extends AdapterWrapper {
    private final Map<String, Linear> down = new HashMap<>();
    private final Map<String, Linear> up = new HashMap<>();

    public BottleneckAdapter(Projection base) {
        super(base);
    }

    /** Adds an adapter of width {@code out / reductionFactor} (at least 1) on the manager of {@code like}. */
    public void addAdapter(String name, int reductionFactor, NDArray like) {
        register(name);
        long width = Math.max(1, outFeatures() / reductionFactor);
        Linear d = adapterChild("adapter_down." + name, new Linear(outFeatures(), width, true));
        Linear u = adapterChild("adapter_up." + name, new Linear(width, outFeatures(), true));
        d.weight().setInitializer(new NormalInitializer(0.02f));
        u.weight().setInitializer(Initializer.ZEROS);
        for (Linear l : new Linear[] {d, u}) {
            l.weight().initialize(like.getManager(), DataType.FLOAT32);
            l.bias().initialize(like.getManager(), DataType.FLOAT32);
        }
        down.put(name, d);
        up.put(name, u);
    }

    public Linear down(String name) {
        return down.get(name);
    }

    public Linear up(String name) {
        return up.get(name);
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = base().apply(ps, x, training); // (…, H)
        String name = activeAdapter();
        if (name == null) {
            return y;
        }
        NDArray h = down.get(name).apply(ps, y, training).getNDArrayInternal().relu(); // (…, H/r)
        return y.add(up.get(name).apply(ps, h, training));
    }
}
