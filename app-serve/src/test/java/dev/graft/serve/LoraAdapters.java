package dev.graft.serve;

import dev.graft.core.peft.LoraConfig;
import java.nio.file.Path;

/**
 * Trained-looking LoRA adapters for tests: core's {@code Peft.apply} on the tiny fixture, every
 * {@code lora_B} (and the head, when the config trains it) filled with seeded values, saved by
 * {@code PeftFiles.save} ({@link AdapterBench#writeAdapter}).
 */
final class LoraAdapters {
    private LoraAdapters() {}

    static Path classifier(Path model, LoraConfig config, long seed, Path out) {
        AdapterBench.writeAdapter(model, config, seed, out);
        return out;
    }

    static Path gpt2(Path model, LoraConfig config, long seed, Path out) {
        AdapterBench.writeAdapter(model, config, seed, out);
        return out;
    }
}
