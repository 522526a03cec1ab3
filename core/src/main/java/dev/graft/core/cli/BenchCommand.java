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
            "With --anchor, the plain-PyTorch anchor (torch_anchor.py under Debian's python3-torch) runs on the same shape in the same run and the JSON adds its figure and our ratio to it."
        })
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--arch", defaultValue = "bert", description = "bert or gpt2. Default: ${DEFAULT-VALUE}.")
    String arch;

    @Option(names = "--mode", defaultValue = "infer", description = "infer or generate. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--layers", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--hidden", defaultValue = "256", description = "Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--heads", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int heads;

    @Option(names = "--inter", defaultValue = "1024", description = "Feed-forward width. Default: ${DEFAULT-VALUE}.")
    int inter;

    @Option(names = "--seq", defaultValue = "128", description = "Sequence length (infer). Default: ${DEFAULT-VALUE}.")
    int seq;

    @Option(names = "--batch", defaultValue = "16", description = "Batch size (generate uses 1 unless given). Default: ${DEFAULT-VALUE}.")
    Integer batch;

    @Option(names = "--steps", defaultValue = "5", description = "Timed iterations after 2 warm-ups. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--new-tokens", defaultValue = "128", description = "Tokens per generation (generate). Default: ${DEFAULT-VALUE}.")
    int newTokens;

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
        BenchRequest r = new BenchRequest(arch, mode, layers, hidden, heads, inter, seq, b, steps, newTokens,
                common.device, anchor);
        System.out.println(Bench.run(r).toString());
        return 0;
    }
}
