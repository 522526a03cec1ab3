package dev.graft.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the server needs of a PEFT implementation: load an adapter from its directory under a name,
 * unload it, and either make one (or none) active for the next forward passes ({@link #activate},
 * one sub-batch per adapter) or run one forward pass in which every row uses its own adapter
 * ({@link #routed}, when {@link #mixes()}). {@link #load} and {@link #unload} are never called while
 * a batch runs.
 *
 * <p>{@link LoraRuntime} is the production runtime; {@link #unavailable()} serves the base model
 * and refuses to load adapters.
 */
public interface AdapterRuntime {
    /** Loads the adapter in {@code dir} (inside the adapters directory) as {@code name}. */
    void load(String name, Path dir) throws Exception;

    /** Frees the adapter {@code name}; it was loaded. */
    void unload(String name);

    /** Makes {@code name} active, or the base model when null. */
    void activate(String name);

    /** Whether {@link #routed} can mix adapters in one batch. */
    default boolean mixes() {
        return false;
    }

    /**
     * Runs {@code forward} (a batch's forward pass or a whole generation) with row {@code i} using
     * adapter {@code rowAdapters.get(i)} (null: the base model). Only when {@link #mixes()}.
     */
    default <T> T routed(List<String> rowAdapters, Supplier<T> forward) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not mix adapters in one batch");
    }

    /** A runtime that knows no adapter method: the base model only. */
    static AdapterRuntime unavailable() {
        return new AdapterRuntime() {
            @Override
            public void load(String name, Path dir) {
                throw new UnsupportedOperationException("adapter " + name + ": this build has no adapter runtime "
                        + "(LoRA layers are not plugged into the server yet)");
            }

            @Override
            public void unload(String name) {}

            @Override
            public void activate(String name) {
                if (name != null) {
                    throw new IllegalStateException("no adapter runtime to activate " + name);
                }
            }
        };
    }

    /** Builds the runtime for a loaded model (a {@link Classifier} or a {@link Completer}). */
    @FunctionalInterface
    interface Factory {
        Factory UNAVAILABLE = model -> unavailable();
        Factory LORA = LoraRuntime::of;

        AdapterRuntime create(Object model);
    }
}
