package dev.graft.core.peft;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.graft.core.nn.GraftBlock;
import dev.graft.core.nn.Projection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A PEFT layer that takes a projection's place and holds it as its child {@code base_layer} (PEFT's
 * name), adding named adapters of which one at a time is active; inactive adapters contribute nothing.
 */
public abstract class AdapterWrapper extends GraftBlock implements Projection {
    private final Projection base;
    private final Set<String> adapters = new LinkedHashSet<>();
    private String active;

    protected AdapterWrapper(Projection base) {
        this.base = base;
        addChildBlock("base_layer", (Block) base);
    }

    public Projection base() {
        return base;
    }

    @Override
    public long inFeatures() {
        return base.inFeatures();
    }

    @Override
    public long outFeatures() {
        return base.outFeatures();
    }

    /** Names of the adapters held, in the order they were added. */
    public Set<String> adapterNames() {
        return Set.copyOf(adapters);
    }

    /** The active adapter, or null: the base projection alone. */
    public String activeAdapter() {
        return active;
    }

    /** Makes {@code name} the adapter in use (null: none). */
    public void setActiveAdapter(String name) {
        if (name != null && !adapters.contains(name)) {
            throw new IllegalArgumentException("no adapter '" + name + "' in " + getClass().getSimpleName()
                    + "; it has " + adapters);
        }
        active = name;
    }

    protected void register(String name) {
        if (!adapters.add(name)) {
            throw new IllegalArgumentException("an adapter called '" + name + "' is already attached here");
        }
    }

    /** Forgets adapter {@code name}; when it was active the base projection runs alone. */
    protected void unregister(String name) {
        if (!adapters.remove(name)) {
            throw new IllegalArgumentException("no adapter '" + name + "' in " + getClass().getSimpleName() + "; it has " + adapters);
        }
        if (name.equals(active)) {
            active = null;
        }
    }

    /** Adds a block holding one adapter's parameters, named as in PEFT's module tree ({@code lora_A.default}). */
    protected final <B extends Block> B adapterChild(String name, B block) {
        return addChildBlock(name, block);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(outFeatures())};
    }
}
