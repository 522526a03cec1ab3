package dev.graft.serve;

import dev.graft.core.cli.CommonOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code graft serve}: serve one model over HTTP until SIGTERM or SIGINT, then stop gracefully and exit 0. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {
            "Serve a model over HTTP: an encoder classifier answers POST /v1/classify and /predict (TEI shapes),",
            "gpt2/t5 answer POST /v1/completions (OpenAI shapes, SSE streaming). Also GET /, /v1/models, /health, /ready, /metrics.",
            "On SIGTERM it stops accepting, finishes the requests in flight and exits 0."
        })
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (config.json, model.safetensors, tokenizer.json).")
    Path model;

    @Option(names = "--adapters", paramLabel = "DIR", description = "Directory whose subdirectories are adapters, addressed by name.")
    Path adapters;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind. Default: ${DEFAULT-VALUE} (loopback only).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--max-batch-size", defaultValue = "32", description = "Most requests per model batch. Default: ${DEFAULT-VALUE}.")
    int maxBatchSize;

    @Option(names = "--max-batch-delay-ms", defaultValue = "5", description = "Longest wait for a batch to fill. Default: ${DEFAULT-VALUE}.")
    int maxBatchDelayMs;

    @Option(names = "--max-queue", defaultValue = "256", description = "Requests waiting beyond which 429 is returned. Default: ${DEFAULT-VALUE}.")
    int maxQueue;

    @Option(names = "--admin-token", paramLabel = "T", description = "Bearer token for /admin/adapters/{name}; admin routes are off without it.")
    String adminToken;

    @Option(names = "--adapter-batching", defaultValue = "MIXED", paramLabel = "MIXED|GROUPED",
            description = "Rows naming different LoRA adapters: one forward pass with a per-row delta (MIXED), or one pass per adapter (GROUPED). Default: ${DEFAULT-VALUE}.")
    ServeConfig.AdapterBatching adapterBatching;

    @Option(names = "--torch-threads", paramLabel = "N",
            description = "libtorch intra-op threads (default: half the cores, at least 1; the rest serve HTTP).")
    Integer torchThreads;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ServeConfig config;
        // Bad options are usage errors (exit 2), found before the model loads.
        try {
            if (Files.exists(model) && !Files.isDirectory(model)) {
                throw new IllegalArgumentException("--model " + model + " is a file, not a directory: name the model directory"
                        + " (config.json, model.safetensors, tokenizer.json)");
            }
            config = new ServeConfig(model, adapters, host, port, maxBatchSize, maxBatchDelayMs, maxQueue, adminToken,
                    common.device, adapterBatching);
            ListenAddress.local(host);
            TorchThreads.configure(torchThreads);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Server server = Server.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("graft serve: stopping (finishing requests in flight)");
            server.close();
            System.err.println("graft serve: stopped");
            stopped.countDown();
            // A signal's default exit status is 128 + n; a graceful stop is a success.
            Runtime.getRuntime().halt(0);
        }, "graft-serve-shutdown"));
        System.out.println("graft serve: " + server.task().name().toLowerCase() + " model " + model + " listening on "
                + server.url());
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
