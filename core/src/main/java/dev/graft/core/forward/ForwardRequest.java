package dev.graft.core.forward;

import dev.graft.core.engine.DeviceChoice;
import java.nio.file.Path;
import java.util.Objects;

/**
 * @param model HF model directory (config.json + model.safetensors)
 * @param inputs safetensors file with input_ids and optionally attention_mask, token_type_ids
 * @param output safetensors file to write
 * @param allowUnexpected load even when the checkpoint holds tensors the model does not use
 */
public record ForwardRequest(Path model, Path inputs, Path output, DeviceChoice device, boolean allowUnexpected) {
    public ForwardRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(device, "device");
    }
}
