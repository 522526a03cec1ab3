package dev.graft.core.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code graft data}: NLI data sets, their statistics and the synthetic default. */
@Command(name = "data", mixinStandardHelpOptions = true,
        subcommands = {DataStatsCommand.class, DataSynthCommand.class},
        description = {
            "NLI data: read SNLI, MultiNLI, GLUE (MNLI, SNLI, RTE) and Hugging Face exports, or write a synthetic set.",
            "",
            "Formats, detected from the content (gzip or not): snli-jsonl, snli-txt, multinli-jsonl, multinli-txt, "
                    + "glue-tsv, hf-jsonl, hf-csv. Integer labels are read through an explicit order, by default the "
                    + "Hugging Face one: 0 entailment, 1 neutral, 2 contradiction."
        },
        footer = {"", "Run 'graft data <command> --help' for a command's options."})
public final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
