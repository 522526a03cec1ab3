package dev.graft.serve;

import dev.graft.core.engine.GraftEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code graft serve-load}: a bounded load run against a server it starts on loopback; prints JSON. */
@Command(name = "serve-load", mixinStandardHelpOptions = true,
        description = {
            "Start a server for --model on 127.0.0.1 (ephemeral port), send a bounded load, print one JSON object, stop.",
            "--mode classify: throughput and p50/p99 at each --concurrency, and the raw batched throughput of the same model.",
            "--mode generate: streamed tokens/s at each --concurrency, and the generator alone.",
            "--mode soak: valid, invalid and oversized bodies mixed; statuses checked; resident memory sampled.",
            "--mode adapters: batches of 32 rows spread over the base and 4 LoRA adapters, mixed (one pass, per-row deltas)",
            "  against grouped (one pass per adapter), in process; --requests batches per run.",
            "--init-arch bert|gpt2 first writes a random 4-layer, 256-wide model with a trained tokenizer into --model.",
            "Sample inputs longer than the model takes lose words from their ends (a note: line says how many)."
        })
public final class LoadCommand implements Callable<Integer> {
    /** Client threads are real threads: beyond this a run measures the client, not the server. */
    static final int MAX_CONCURRENCY = 1024;

    @Option(names = "--model", required = true, paramLabel = "DIR")
    Path model;

    @Option(names = "--mode", defaultValue = "classify", description = "classify, generate, soak or adapters. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--concurrency", defaultValue = "1,8,32", split = ",",
            description = "Client threads per run (each 1 to " + MAX_CONCURRENCY + "). Default: ${DEFAULT-VALUE}.")
    int[] concurrency;

    @Option(names = "--requests", defaultValue = "1000", description = "Requests per run (at most 100000). Default: ${DEFAULT-VALUE}.")
    int requests;

    @Option(names = "--seconds", defaultValue = "120", description = "Time limit per run (at most 1800). Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--max-tokens", defaultValue = "64", description = "Tokens per completion (generate; >= 1). Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--torch-threads", paramLabel = "N",
            description = "libtorch intra-op threads (default: half the cores, at least 1), as graft serve sets them.")
    Integer torchThreads;

    @Option(names = "--init-arch", paramLabel = "bert|gpt2",
            description = "Create a random benchmark-shape model in --model first (a new directory, or one without config.json).")
    String initArch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Every option is checked before anything is written into --model or a model is loaded.
        try {
            validate();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        GraftEngine.configureDefaults();
        int threads = TorchThreads.configure(torchThreads);
        if (initArch != null) {
            LoadModels.create(initArch, model);
        }
        com.fasterxml.jackson.databind.node.ObjectNode out =
                LoadGenerator.run(new LoadGenerator.Request(model, mode, concurrency, requests, seconds, maxTokens));
        out.put("torch_threads", threads).put("cores", Runtime.getRuntime().availableProcessors());
        System.out.println(Json.write(out));
        return 0;
    }

    private void validate() {
        LoadModes.checkName(mode);
        for (int c : concurrency) {
            if (c < 1 || c > MAX_CONCURRENCY) {
                throw new IllegalArgumentException("--concurrency values must be in [1, " + MAX_CONCURRENCY + "], got " + c);
            }
        }
        if (requests < 1 || requests > 100_000) {
            throw new IllegalArgumentException("--requests must be in [1, 100000], got " + requests);
        }
        if (seconds < 1 || seconds > 1800) {
            throw new IllegalArgumentException("--seconds must be in [1, 1800], got " + seconds);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("--max-tokens must be >= 1, got " + maxTokens);
        }
        if (torchThreads != null && torchThreads < 1) {
            throw new IllegalArgumentException("--torch-threads must be >= 1, got " + torchThreads);
        }
        if (Files.exists(model) && !Files.isDirectory(model)) {
            throw new IllegalArgumentException("--model " + model + " is a file, not a directory: name the model directory"
                    + (initArch == null ? " (config.json, model.safetensors, tokenizer.json)" : " for --init-arch to create"));
        }
        if (initArch == null) {
            LoadModes.check(mode, model);
            return;
        }
        LoadModels.checkArch(initArch);
        if (Files.exists(model.resolve("config.json"))) {
            throw new IllegalArgumentException("--model " + model + " already holds a model (config.json); --init-arch writes"
                    + " a new one and would replace it: drop --init-arch to load that model, or name a new directory");
        }
        LoadModes.check(mode, model, initArch, initArch.equals("bert") ? Server.Task.CLASSIFY : Server.Task.COMPLETIONS, false);
    }
}
