package dev.graft.serve;

import java.nio.file.Path;

/**
 * What the server needs of a PEFT implementation: load an adapter from its directory under a name,
 * unload it, and make one (or none) active for the next forward passes. The model worker calls
 * {@link #activate} before each group of rows that names the same adapter; {@link #load} and
 * {@link #unload} are never called while a batch runs.
 *
 * <p>LoRA (core {@code dev.graft.core.peft}) plugs in here; until then the server runs with
 * {@link #unavailable()}, which serves the base model and refuses to load adapters.
 */
public interface AdapterRuntime {
    /** Loads the adapter in {@code dir} (inside the adapters directory) as {@code name}. */
    void load(String name, Path dir) throws Exception;

    /** Frees the adapter {@code name}; it was loaded. */
    void unload(String name);

    /** Makes {@code name} active, or the base model when null. */
    void activate(String name);

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

    /** Builds the runtime for a loaded model (an {@code PretrainedEncoder} or a {@code Decoders.Opened}). */
    @FunctionalInterface
    interface Factory {
        Factory UNAVAILABLE = model -> unavailable();

        AdapterRuntime create(Object model);
    }
}
