package dev.graft.eval;

import dev.graft.core.model.encoder.PretrainedEncoder;
import java.nio.file.Path;

/**
 * Attaches a fine-tuned adapter (LoRA, prefix …) from {@code --adapter DIR} to a loaded base model.
 * The PEFT layers live in core's {@code peft} package; until a loader is wired there,
 * {@link #UNAVAILABLE} refuses every adapter with a clear message.
 */
@FunctionalInterface
public interface AdapterLoader {
    /** Attaches the adapter in {@code dir} to {@code model} in place and says what it is. */
    ModelInfo.Adapter attach(PretrainedEncoder model, Path dir);

    AdapterLoader UNAVAILABLE = (model, dir) -> {
        throw new UnsupportedOperationException("--adapter " + dir + ": adapters are not available in this build");
    };
}
