package dev.graft.core.generate;

import dev.graft.core.engine.DeviceChoice;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code graft generate}: one prompt, as text (needs tokenizer.json beside the model) or as ids.
 *
 * @param useCache decode with the key-value cache (false recomputes every step; for comparison)
 */
public record GenerateRequest(
        Path model, String prompt, long[] promptIds, GenerationConfig config, boolean useCache, DeviceChoice device,
        boolean allowUnexpected) {
    public GenerateRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(device, "device");
        if ((prompt == null) == (promptIds == null)) {
            throw new IllegalArgumentException("give exactly one of --prompt and --prompt-ids");
        }
        if (promptIds != null && promptIds.length == 0) {
            throw new IllegalArgumentException("--prompt-ids is empty");
        }
    }
}
