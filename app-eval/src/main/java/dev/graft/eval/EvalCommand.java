package dev.graft.eval;

import dev.graft.core.cli.CommonOptions;
import dev.graft.core.data.LabelOrder;
import dev.graft.core.data.NliFormat;
import dev.graft.core.data.ReadOptions;
import dev.graft.core.tokenize.TokenizerFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code graft eval}: NLI evaluation reports. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {EvalCommand.CompareCommand.class, EvalBenchCommand.class},
        header = "Evaluate a sequence-classification model on NLI files; write report.json/.md/.html and predictions.jsonl.",
        description = {
            "Each --data file is one section (MultiNLI matched and mismatched evaluate in one run). The model's id2label is "
                    + "mapped onto the dataset's labels by name; a name that matches none stops the run.",
            "Figures: accuracy with a seeded bootstrap 95%% interval and sqrt(p(1-p)/(n-1)), per-class precision/recall/F1, "
                    + "macro-F1, confusion matrix, log-loss, ECE (15 bins) with a reliability diagram, per-genre accuracy, "
                    + "the 2-way view, hypothesis-only and premise-only probes, rows skipped and why.",
            "Ctrl-C stops after the batch in hand and writes the report marked incomplete (exit 130).",
            "Every file is read and checked before --out is touched, so bad input leaves it as it was. A run then removes "
                    + "an earlier report there (and says so); a run that fails removes what it wrote."
        })
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "Model directory: config.json, model.safetensors, tokenizer.json.")
    Path model;

    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "Directory of tokenizer.json when the model directory has none (as with graft finetune). Default: the model directory.")
    Path tokenizer;

    @Option(names = "--adapter", paramLabel = "DIR", description = "Adapter directory to attach to the model (LoRA …).")
    Path adapter;

    @Option(names = "--data", paramLabel = "FILE", arity = "1..*", description = "NLI files (SNLI, MultiNLI, GLUE, HF exports; gzip or not).")
    List<Path> data;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto (detect from the first line) or snli-jsonl, snli-txt, multinli-jsonl, multinli-txt, glue-tsv, hf-jsonl, hf-csv. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--label-order", paramLabel = "L0,L1,...", defaultValue = "entailment,neutral,contradiction",
            description = "Names of the dataset's integer labels 0, 1, 2 … Default: ${DEFAULT-VALUE}.")
    String labelOrder;

    @Option(names = "--skip-bad-rows", description = "Count malformed rows and go on; they are reported with the figures.")
    boolean skipBadRows;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--no-probes", description = "Skip the hypothesis-only and premise-only passes.")
    boolean noProbes;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "1000", description = "Bootstrap resamples, 1000 to 100000 (each one a pass over the section's examples). Default: ${DEFAULT-VALUE}.")
    int resamples;

    @Option(names = "--seed", defaultValue = "0", description = "Bootstrap seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory for the reports and predictions.jsonl; an earlier report there is replaced.")
    Path out;

    @Option(names = "--quiet", description = "No progress bar (the figures still print). The bar shows only on a terminal.")
    boolean quiet;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /** How --adapter directories are attached. */
    private final AdapterLoader adapters;

    /**
     * Whether the command runs on a terminal ({@code System.console()}, as {@code graft finetune} decides it): a bar
     * redrawn with carriage returns only litters a log file. Tests replace it.
     */
    BooleanSupplier interactive = () -> System.console() != null;

    public EvalCommand() {
        this(new PeftAdapterLoader());
    }

    public EvalCommand(AdapterLoader adapters) {
        this.adapters = adapters;
    }

    @Override
    public Integer call() {
        if (model == null || data == null || out == null) {
            throw new ParameterException(spec.commandLine(), "graft eval needs --model DIR, --data FILE... and --out DIR");
        }
        try {
            ModelDirectory.check(model);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (tokenizer != null && !Files.exists(tokenizer)) {
            throw new ParameterException(spec.commandLine(), "--tokenizer " + tokenizer + ": no such directory; name the"
                    + " directory of the tokenizer.json the model was trained with");
        }
        if (tokenizer == null && !Files.exists(model.resolve(TokenizerFiles.TOKENIZER_JSON))) {
            throw new ParameterException(spec.commandLine(), "--model " + model + " holds no tokenizer.json: name the"
                    + " directory of the tokenizer it was trained with, --tokenizer DIR");
        }
        ReadOptions read = new ReadOptions(format.equalsIgnoreCase("auto") ? null : NliFormat.fromName(format),
                LabelOrder.parse(labelOrder), skipBadRows);
        EvalConfig config = new EvalConfig(data, read, batchSize, out, !noProbes, resamples, seed);
        EvalProgress progress = quiet || !interactive.getAsBoolean() ? EvalProgress.NONE : new BarProgress(System.err);
        var o = spec.commandLine().getOut();
        EvalReport report = ModelEval.run(model, tokenizer, adapter, adapters, common.device, config, progress, line -> {
            o.println(line);
            o.flush();
        });
        for (Section s : report.sections()) {
            o.printf(Locale.ROOT, "%s: accuracy %.4f [%.4f, %.4f], macro-F1 %.4f, ECE %.4f (%d of %d)%n", s.name(),
                    s.metrics().accuracy(), s.metrics().interval95().lower(), s.metrics().interval95().upper(),
                    s.metrics().macroF1(), s.metrics().calibration().ece(), s.metrics().n(), s.total());
        }
        o.printf(Locale.ROOT, "%s: wrote %s, %s, %s, %s in %s (%.1f examples/s)%n", report.complete() ? "done" : "INCOMPLETE",
                ReportFiles.JSON, ReportFiles.MARKDOWN, ReportFiles.HTML, ReportFiles.PREDICTIONS, out, report.examplesPerSecond());
        o.flush();
        return report.complete() ? 0 : 130;
    }

    /** {@code graft eval compare RUN_DIR...}. */
    @Command(name = "compare", mixinStandardHelpOptions = true,
            header = "Put several runs side by side: method, trainable parameters, accuracy with interval, macro-F1, ECE.",
            description = "Reads each RUN_DIR/report.json; prints the Markdown table and, with --out, writes compare.md and compare.html.")
    public static final class CompareCommand implements Callable<Integer> {
        @picocli.CommandLine.Parameters(arity = "1..*", paramLabel = "RUN_DIR")
        List<Path> runs;

        @Option(names = "--out", paramLabel = "DIR", description = "Write compare.md and compare.html here.")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String md = out == null ? Compare.markdown(Compare.rows(runs)) : Compare.write(runs, out);
            spec.commandLine().getOut().print(md);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
