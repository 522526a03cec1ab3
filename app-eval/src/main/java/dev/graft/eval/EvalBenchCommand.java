package dev.graft.eval;

import dev.graft.core.cli.CommonOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft eval bench}: evaluation throughput against raw batched inference, one JSON line. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Time graft eval against raw batched forward passes on the same batches; print one JSON line.",
        description = "Writes --n synthetic NLI pairs, trains a WordPiece tokenizer on them, builds a random BERT "
                + "classifier of the given shape, then times (1) forward passes alone over the eval's own length-sorted "
                + "batches, pre-tokenized, and (2) the whole eval (reading, tokenizing, scoring, predictions.jsonl). "
                + "The two alternate --repeats times and the best of each counts. ratio = eval examples/s ÷ raw examples/s.")
public final class EvalBenchCommand implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "10000", description = "Pairs. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = "--layers", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int layers;

    @Option(names = "--hidden", defaultValue = "256", description = "A multiple of --heads. Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--heads", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
    int heads;

    @Option(names = "--inter", defaultValue = "1024", description = "Default: ${DEFAULT-VALUE}.")
    int inter;

    @Option(names = "--batch-size", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--repeats", defaultValue = "3", description = "Alternating raw/eval timings (at least 1); the best of each counts. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--work", paramLabel = "DIR", description = "Working directory (default: a temporary one).")
    Path work;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        // the request checks the options before any data is written or a temporary directory made
        EvalBench.Request request = new EvalBench.Request(n, layers, hidden, heads, inter, batchSize, repeats, common.device, work);
        System.out.println(EvalBench.run(request));
        return 0;
    }
}
