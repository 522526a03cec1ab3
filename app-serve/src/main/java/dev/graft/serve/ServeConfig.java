package dev.graft.serve;

import dev.graft.core.engine.DeviceChoice;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@code graft serve} runs.
 *
 * @param adapters directory of adapter subdirectories, or null
 * @param adminToken bearer token for {@code /admin}; null turns the admin routes off
 * @param adapterBatching how rows naming different adapters share the model
 */
public record ServeConfig(Path model, Path adapters, String host, int port, int maxBatchSize, int maxBatchDelayMs,
        int maxQueue, String adminToken, DeviceChoice device, AdapterBatching adapterBatching) {
    /** How a batch whose rows name different adapters runs. */
    public enum AdapterBatching {
        /** One forward pass; each row adds its own adapter's LoRA delta (S-LoRA/Punica style). */
        MIXED,
        /** One forward pass per adapter named in the batch, that adapter active. */
        GROUPED
    }

    public ServeConfig {
        Objects.requireNonNull(adapterBatching, "adapterBatching");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(device, "device");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in [0, 65535], got " + port);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("--max-batch-size must be >= 1, got " + maxBatchSize);
        }
        if (maxBatchDelayMs < 0) {
            throw new IllegalArgumentException("--max-batch-delay-ms must be >= 0, got " + maxBatchDelayMs);
        }
        if (maxQueue < 1) {
            throw new IllegalArgumentException("--max-queue must be >= 1, got " + maxQueue);
        }
        if (adminToken != null && adminToken.isBlank()) {
            throw new IllegalArgumentException("--admin-token must not be blank");
        }
    }

    /** Loopback, an ephemeral port, batches of 32 after at most 5 ms, 256 queued, CPU (tests, load runs). */
    public static ServeConfig local(Path model) {
        return new ServeConfig(model, null, "127.0.0.1", 0, 32, 5, 256, null, DeviceChoice.CPU, AdapterBatching.MIXED);
    }

    public ServeConfig withAdapters(Path dir, String token) {
        return new ServeConfig(model, dir, host, port, maxBatchSize, maxBatchDelayMs, maxQueue, token, device, adapterBatching);
    }

    public ServeConfig withBatching(int size, int delayMs, int queue) {
        return new ServeConfig(model, adapters, host, port, size, delayMs, queue, adminToken, device, adapterBatching);
    }

    public ServeConfig withAdapterBatching(AdapterBatching mode) {
        return new ServeConfig(model, adapters, host, port, maxBatchSize, maxBatchDelayMs, maxQueue, adminToken, device, mode);
    }
}
