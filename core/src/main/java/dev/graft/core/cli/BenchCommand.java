package dev.graft.core.cli;

import dev.graft.core.bench.Bench;
import dev.graft.core.bench.BenchRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft bench}: model throughput as one JSON line. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Measure throughput on a randomly initialised model of the given shape and print one JSON line.",
            "",
            "--mode infer: batched forward passes (seq_per_s, tokens_per_s). --mode generate (gpt2): greedy incremental decoding of --new-tokens after a 16-token prompt, with and without the key-value cache (cached_tokens_per_s, uncached_tokens_per_s, cache_speedup).",
            "",
            "--mode full|head|lora: optimizer steps (forward, backward, AdamW at lr 1e-4) as torch_anchor.py takes them: BERT cross-entropy on 3 labels, GPT-2 next-token cross-entropy; full trains everything, head BERT's classifier, lora rank 8, alpha 16 on query+value (BERT) or c_attn (GPT-2). --report-rss-every N adds memory after every N-th step (memory: rss_mb, heap_committed_mb, heap_used_mb, live_arrays).",
            "",
            "With --anchor, the plain-PyTorch anchor (torch_anchor.py under Debian's python3-torch) runs on the same shape in the same run and the JSON adds its figure and our ratio to it."
        })
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--arch", defaultValue = "bert", description = "bert or gpt2. Default: ${DEFAULT-VALUE}.")
    String arch;

    @Option(names = "--mode", defaultValue = "infer", description = "infer, generate, full, head or lora. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--layers", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--hidden", defaultValue = "256", description = "Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--heads", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int heads;

    @Option(names = "--inter", defaultValue = "1024", description = "Feed-forward width. Default: ${DEFAULT-VALUE}.")
    int inter;

    @Option(names = "--seq", defaultValue = "128", description = "Sequence length (infer, training). Default: ${DEFAULT-VALUE}.")
    int seq;

    @Option(names = "--batch", defaultValue = "16", description = "Batch size (generate uses 1 unless given). Default: ${DEFAULT-VALUE}.")
    Integer batch;

    @Option(names = "--steps", defaultValue = "5", description = "Timed iterations (forward passes, optimizer steps, generations) after 2 warm-ups. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--new-tokens", defaultValue = "128", description = "Tokens per generation (generate). Default: ${DEFAULT-VALUE}.")
    int newTokens;

    @Option(names = "--threads", description = "libtorch threads, for us and the anchor. Default: the available processors.")
    Integer threads;

    @Option(names = "--report-rss-every", defaultValue = "0", paramLabel = "N",
            description = "Training modes: report resident memory (VmRSS, MiB) after every N-th timed step. Default: off.")
    int reportRssEvery;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Training modes: write libtorch's profiler trace of two extra steps (Chrome trace JSON) to FILE.")
    Path profile;

    @Option(names = "--anchor", paramLabel = "torch_anchor.py", arity = "0..1",
            fallbackValue = "../shared/bench/torch_anchor.py",
            description = "Also run the PyTorch anchor script (default path when no value: ${FALLBACK-VALUE}).")
    Path anchor;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (anchor != null && !Files.isRegularFile(anchor)) {
            throw new IllegalArgumentException("--anchor: no such file " + anchor.toAbsolutePath());
        }
        int b = mode.equalsIgnoreCase("generate") && batch == 16 ? 1 : batch;
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        BenchRequest r = new BenchRequest(arch, mode, layers, hidden, heads, inter, seq, b, steps, newTokens, t,
                reportRssEvery, common.device, anchor, profile);
        System.out.println(Bench.run(r).toString());
        return 0;
    }
}
