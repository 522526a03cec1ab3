package dev.graft.core.cli;

import dev.graft.core.tokenize.stats.TokenizerStats;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft tokenizer stats}: tokenizer quality measures on a text. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {
            "Measure how a tokenizer cuts a text (Rust et al. 2021, 'How Good is Your Tokenizer?'); prints one JSON line.",
            "",
            "  words            whitespace-separated words of the non-blank lines",
            "  fertility        tokens per whitespace-separated word (1.0: every word is one token)",
            "  continued_words  share of words cut into two or more tokens",
            "  unk_rate         share of tokens that are the unknown token",
            "  tokens_per_line  p50, p90, p95, p99 (nearest rank) and max tokens per non-blank line",
            "",
            "Lines are encoded whole, without special tokens or truncation; blank lines are skipped."
        })
public final class TokenizerStatsCommand implements Callable<Integer> {
    @Option(names = "--tokenizer", required = true, paramLabel = "DIR",
            description = "Tokenizer directory (tokenizer.json, optionally tokenizer_config.json) or a tokenizer.json file.")
    Path tokenizer;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "UTF-8 text to measure on.")
    Path input;

    @Option(names = {"-v", "--verbose"}, description = "Full stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() {
        System.out.println(TokenizerStats.run(tokenizer, input).toJson());
        return 0;
    }
}
