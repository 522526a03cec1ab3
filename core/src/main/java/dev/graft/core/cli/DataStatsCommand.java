package dev.graft.core.cli;

import dev.graft.core.data.DataJson;
import dev.graft.core.data.DataStats;
import dev.graft.core.data.LabelOrder;
import dev.graft.core.data.NliFormat;
import dev.graft.core.data.ReadOptions;
import dev.graft.core.data.StatsConfig;
import dev.graft.core.data.StatsResult;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TextTokenizer;
import dev.graft.core.tokenize.TokenizerFiles;
import dev.graft.core.tokenize.TokenizerOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code graft data stats}: counts of NLI files, printed as JSON. */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Count rows, skips, labels, genres and token lengths of NLI files; print JSON.",
        description = {
            "Read NLI files and print JSON: rows read and used, rows skipped by reason, label counts (3-way and 2-way), "
                    + "MultiNLI genres and, with --tokenizer, premise, hypothesis and pair lengths in tokens (percentiles) "
                    + "and the share of padding in batches of --batch-size, shuffled and length-bucketed.",
            "",
            "Rows without a gold label ('-' in SNLI/MultiNLI, -1 in HF exports) are skipped and counted. A malformed row "
                    + "stops the command with an error naming file:line and the field, unless --skip-bad-rows. "
                    + "Several files are counted together and one by one."
        })
public final class DataStatsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "NLI data files (.jsonl, .txt, .tsv, .csv; gzip or not).")
    List<Path> files;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "Read every FILE as this format instead of detecting it: snli-jsonl, snli-txt, multinli-jsonl, "
                    + "multinli-txt, glue-tsv, hf-jsonl, hf-csv.")
    NliFormat format;

    @Option(names = "--label-order", paramLabel = "L0,L1,...", defaultValue = "entailment,neutral,contradiction",
            converter = LabelOrderConverter.class,
            description = "Names of integer labels 0, 1, 2 ... Default: ${DEFAULT-VALUE} (Hugging Face datasets; "
                    + "glue/rte is entailment,not_entailment). Integer labels are never guessed: the order used is printed.")
    LabelOrder labelOrder;

    @Option(names = "--skip-bad-rows",
            description = "Count malformed rows (bad JSON, missing field, unknown label, wrong column count) and go on; "
                    + "the first ones are listed under badRows.")
    boolean skipBadRows;

    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "Tokenizer directory (tokenizer.json): adds token lengths and padding figures.")
    Path tokenizer;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Batch size of the padding figures. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = {"-v", "--verbose"}, description = "Full stack traces on errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** How --tokenizer DIR becomes a tokenizer. */
    private final Function<Path, TextTokenizer> tokenizerLoader;

    /** The command as the launcher makes it: HF tokenizers, truncating at their model_max_length if they set one. */
    public DataStatsCommand() {
        this(DataStatsCommand::loadHf);
    }

    private static TextTokenizer loadHf(Path dir) {
        int limit = TokenizerFiles.read(dir).modelMaxLength().orElse(Integer.MAX_VALUE);
        return HfTokenizer.load(dir, TokenizerOptions.of(limit));
    }

    /** The command with a way to load --tokenizer directories. */
    public DataStatsCommand(Function<Path, TextTokenizer> tokenizerLoader) {
        this.tokenizerLoader = tokenizerLoader;
    }

    @Override
    public Integer call() throws Exception {
        ReadOptions read = new ReadOptions(format, labelOrder, skipBadRows);
        StatsResult result;
        if (tokenizer == null) {
            result = DataStats.run(new StatsConfig(files, read, null, batchSize));
        } else {
            try (TextTokenizer tok = tokenizerLoader.apply(tokenizer)) {
                result = DataStats.run(new StatsConfig(files, read, tok, batchSize));
            }
        }
        spec.commandLine().getOut().println(DataJson.PRETTY.writeValueAsString(result.toJson()));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** --format by its command-line name. */
    static final class FormatConverter implements ITypeConverter<NliFormat> {
        @Override
        public NliFormat convert(String value) {
            try {
                return NliFormat.fromName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** --label-order as comma-separated names. */
    static final class LabelOrderConverter implements ITypeConverter<LabelOrder> {
        @Override
        public LabelOrder convert(String value) {
            try {
                return LabelOrder.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
