package dev.graft.eval;

import dev.graft.core.model.encoder.PretrainedEncoder;
import java.nio.file.Path;

/**
 * Attaches a fine-tuned adapter (LoRA, prefix …) from {@code --adapter DIR} to a loaded base model.
 * The launcher's loader is {@link PeftAdapterLoader}; tests may inject others.
 */
@FunctionalInterface
public interface AdapterLoader {
    /** Attaches the adapter in {@code dir} to {@code model} in place and says what it is. */
    ModelInfo.Adapter attach(PretrainedEncoder model, Path dir);
}
