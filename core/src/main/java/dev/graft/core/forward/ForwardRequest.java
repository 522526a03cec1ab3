package dev.graft.core.forward;

import dev.graft.core.engine.DeviceChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * @param model HF model directory (config.json + model.safetensors)
 * @param inputs safetensors file with input_ids and optionally attention_mask, token_type_ids
 * @param output safetensors file to write
 * @param allowUnexpected load even when the checkpoint holds tensors the model does not use
 * @param reference optional safetensors file of expected outputs (same keys) to compare with, or null
 * @param tolerance max abs difference allowed against the reference
 */
public record ForwardRequest(
        Path model, Path inputs, Path output, DeviceChoice device, boolean allowUnexpected, Path reference, double tolerance) {
    public ForwardRequest {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("--tolerance must be >= 0, got " + tolerance);
        }
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(device, "device");
        // Checked before the model loads: otherwise the run ends in the writer's rename, after the work.
        if (Files.isDirectory(output)) {
            throw new IllegalArgumentException(output + ": is a directory (expected the safetensors file to write,"
                    + " e.g. " + output.resolve("outputs.safetensors") + ")");
        }
    }

    /** Default tolerance of a comparison: the bound the HF fixtures are held to. */
    public static final double DEFAULT_TOLERANCE = 1e-4;

    /** A run without a reference to compare with. */
    public ForwardRequest(Path model, Path inputs, Path output, DeviceChoice device, boolean allowUnexpected) {
        this(model, inputs, output, device, allowUnexpected, null, DEFAULT_TOLERANCE);
    }
}
