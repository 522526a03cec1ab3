package dev.graft.core.cli;

import dev.graft.core.tokenize.bench.BenchRequest;
import dev.graft.core.tokenize.bench.TrainerBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft tokenizer bench}: trainer speed against SentencePiece. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Time our BPE and WordPiece trainers against SentencePiece's spm_train on one generated corpus; prints one JSON line.",
            "",
            "spm_train runs when it is on PATH (Debian: apt-get install sentencepiece), with --model_type=bpe and the same vocabulary size and threads. The line holds:",
            "",
            "  {\"corpus_mb\", \"vocab\", \"graft_bpe_s\", \"graft_wordpiece_s\", \"spm_bpe_s\", \"ratio\", \"threads\", \"spm\"}",
            "",
            "ratio is graft_bpe_s / spm_bpe_s: below 1 means Graft is faster. Times are wall-clock seconds of whole runs, reading the corpus to writing the model. The corpus is Zipf-distributed pseudo-text from --seed, the same on every machine; spm_bpe_s and ratio are null, and spm says why, when spm_train is not found."
        })
public final class TokenizerBenchCommand implements Callable<Integer> {
    @Option(names = "--mb", defaultValue = "20", paramLabel = "MB", description = "Corpus size in MiB. Default: ${DEFAULT-VALUE}.")
    double megabytes;

    @Option(names = "--vocab-size", defaultValue = "8000", paramLabel = "N", description = "Vocabulary size. Default: ${DEFAULT-VALUE}.")
    int vocabSize;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Corpus seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Keep the corpus and the trained tokenizers here. Default: a temporary directory, deleted after.")
    Path workDir;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for both trainers. Default: all cores.")
    Integer threads;

    @Option(names = {"-v", "--verbose"}, description = "Full stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() {
        BenchRequest request = new BenchRequest(megabytes, vocabSize, seed, workDir,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        System.out.println(TrainerBench.run(request, new ConsoleProgress("graft tokenizer bench", System.err)).toJson());
        return 0;
    }
}
