package dev.graft.serve;

import dev.graft.core.engine.GraftEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft serve-load}: a bounded load run against a server it starts on loopback; prints JSON. */
@Command(name = "serve-load", mixinStandardHelpOptions = true,
        description = {
            "Start a server for --model on 127.0.0.1 (ephemeral port), send a bounded load, print one JSON object, stop.",
            "--mode classify: throughput and p50/p99 at each --concurrency, and the raw batched throughput of the same model.",
            "--mode generate: streamed tokens/s at each --concurrency, and the generator alone.",
            "--mode soak: valid, invalid and oversized bodies mixed; statuses checked; resident memory sampled.",
            "--mode adapters: batches of 32 rows spread over the base and 4 LoRA adapters, mixed (one pass, per-row deltas)",
            "  against grouped (one pass per adapter), in process; --requests batches per run.",
            "--init-arch bert|gpt2 first writes a random 4-layer, 256-wide model with a trained tokenizer into --model."
        })
public final class LoadCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR")
    Path model;

    @Option(names = "--mode", defaultValue = "classify", description = "classify, generate, soak or adapters. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--concurrency", defaultValue = "1,8,32", split = ",", description = "Client threads per run. Default: ${DEFAULT-VALUE}.")
    int[] concurrency;

    @Option(names = "--requests", defaultValue = "1000", description = "Requests per run (at most 100000). Default: ${DEFAULT-VALUE}.")
    int requests;

    @Option(names = "--seconds", defaultValue = "120", description = "Time limit per run (at most 1800). Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--max-tokens", defaultValue = "64", description = "Tokens per completion (generate). Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--torch-threads", paramLabel = "N",
            description = "libtorch intra-op threads (default: half the cores, at least 1), as graft serve sets them.")
    Integer torchThreads;

    @Option(names = "--init-arch", paramLabel = "bert|gpt2", description = "Create a random benchmark-shape model in --model first.")
    String initArch;

    @Override
    public Integer call() {
        if (requests < 1 || requests > 100_000 || seconds < 1 || seconds > 1800) {
            throw new IllegalArgumentException("--requests must be in [1, 100000] and --seconds in [1, 1800]");
        }
        GraftEngine.configureDefaults();
        int threads = TorchThreads.configure(torchThreads);
        if (initArch != null && !Files.exists(model.resolve("config.json"))) {
            LoadModels.create(initArch, model);
        }
        com.fasterxml.jackson.databind.node.ObjectNode out =
                LoadGenerator.run(new LoadGenerator.Request(model, mode, concurrency, requests, seconds, maxTokens));
        out.put("torch_threads", threads).put("cores", Runtime.getRuntime().availableProcessors());
        System.out.println(Json.write(out));
        return 0;
    }
}
