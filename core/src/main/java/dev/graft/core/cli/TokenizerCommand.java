package dev.graft.core.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code graft tokenizer}: train, measure and benchmark Hugging Face tokenizers. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        subcommands = {TokenizerTrainCommand.class, TokenizerStatsCommand.class, TokenizerBenchCommand.class},
        description = {
            "Train, measure and benchmark Hugging Face tokenizers (tokenizer.json).",
            "Tokenizers written by 'train' load in Python with transformers' AutoTokenizer or tokenizers' Tokenizer.from_file."
        },
        footer = {"", "Run 'graft tokenizer <command> --help' for a command's options."})
public final class TokenizerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
