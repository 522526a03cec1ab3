package dev.graft.finetune;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft pretrain}: the options of {@link PretrainConfig}; the work is {@link PretrainJob#run}. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = {
            "Pretrain a fresh BERT with masked-LM (BERT's objective: 15%% of tokens chosen, of those 80%% become [MASK],"
                + " 10%% a random token, 10%% stay; special tokens are never chosen), so a base model exists where"
                + " no pretrained checkpoint does.",
            "Reads text files (one text per line) or NLI files in any format 'graft data' reads (each pair becomes"
                + " [CLS] premise [SEP] hypothesis [SEP]). Holds out --dev-fraction of the texts for dev unless --dev"
                + " is given, and reports dev loss, perplexity and masked-token accuracy against the unigram baseline.",
            "Writes OUT/model (config.json, model.safetensors and the tokenizer files of the best dev loss: load it"
                + " with 'graft finetune --model OUT/model', which adds a new classifier), OUT/checkpoints (--resume"
                + " continues from them), OUT/metrics.jsonl, OUT/training.png and OUT/run.json."},
        footer = {"", "Example: graft pretrain --tokenizer out/wordpiece --train data/synth/train.jsonl --out out/bert"
                + " --layers 4 --hidden 256 --heads 4 --inter 1024 --epochs 3"})
public final class PretrainCommand implements Callable<Integer> {
    @Option(names = "--tokenizer", required = true, description = "tokenizer directory with a [MASK] token (WordPiece)")
    Path tokenizer;

    @Option(names = "--train", required = true, split = ",", description = "training files (comma-separated or repeated)")
    List<Path> train;

    @Option(names = "--dev", description = "dev file (default: --dev-fraction of the training texts)")
    Path dev;

    @Option(names = "--out", required = true, description = "output directory") Path out;
    @Option(names = "--layers", defaultValue = "4") int layers;
    @Option(names = "--hidden", defaultValue = "256", description = "hidden size; must divide by --heads") int hidden;
    @Option(names = "--heads", defaultValue = "4") int heads;
    @Option(names = "--inter", defaultValue = "1024", description = "feed-forward size") int inter;
    @Option(names = "--max-length", defaultValue = "128", description = "tokens per text; the model's position limit")
    int maxLength;
    @Option(names = "--dropout", defaultValue = "0.1") double dropout;
    @Option(names = "--mask-probability", defaultValue = "0.15") double maskProbability;
    @Option(names = "--dev-fraction", defaultValue = "0.05") double devFraction;
    @Option(names = "--epochs", defaultValue = "3") int epochs;
    @Option(names = "--lr", defaultValue = "5e-4") double lr;
    @Option(names = "--batch-size", defaultValue = "32") int batchSize;
    @Option(names = "--seed", defaultValue = "42") long seed;
    @Option(names = "--warmup", defaultValue = "0", description = "warmup steps") int warmup;
    @Option(names = "--schedule", defaultValue = "linear", description = "linear | cosine | constant") String schedule;
    @Option(names = "--weight-decay", defaultValue = "0.01") double weightDecay;
    @Option(names = "--clip-norm", defaultValue = "1.0", description = "global gradient norm; 0 turns clipping off")
    double clipNorm;
    @Option(names = "--grad-accum", defaultValue = "1") int gradAccum;
    @Option(names = "--eval-every", defaultValue = "0", description = "steps; 0 = each epoch") int evalEvery;
    @Option(names = "--patience", defaultValue = "0", description = "evaluations without gain before stopping; 0 = off")
    int patience;
    @Option(names = "--checkpoint-every", defaultValue = "0", description = "steps; 0 = each epoch") int checkpointEvery;
    @Option(names = "--keep-checkpoints", defaultValue = "3") int keepCheckpoints;
    @Option(names = "--log-every", defaultValue = "10") int logEvery;
    @Option(names = "--resume", description = "continue from the latest valid checkpoint in OUT") boolean resume;
    @Option(names = "--skip-nonfinite", description = "skip steps whose loss is NaN/inf instead of stopping")
    boolean skipNonfinite;
    @Option(names = "--quiet", description = "no progress bar") boolean quiet;
    @Option(names = "--verbose", hidden = true) boolean verbose;

    @Override
    public Integer call() {
        PretrainResult r = PretrainJob.run(config());
        System.out.printf(Locale.ROOT, "{\"task\":\"mlm\",\"steps\":%d,\"initial_dev_loss\":%s,\"best_dev_loss\":%s,"
                + "\"best_dev_masked_accuracy\":%s,\"unigram_baseline\":%s,\"model\":\"%s\"}%n", r.steps(),
                num(r.initialDevLoss()), num(r.bestDevLoss()), num(r.bestDevAccuracy()), num(r.unigramBaseline()),
                r.model());
        return 0;
    }

    PretrainConfig config() {
        LrSchedule.Decay decay = enumOf(LrSchedule.Decay.class, schedule, "--schedule");
        TrainerOptions options = new TrainerOptions(epochs, lr, decay, warmup, weightDecay, clipNorm, gradAccum, seed,
                evalEvery, TrainerOptions.StopMetric.LOSS, patience, checkpointEvery, skipNonfinite, logEvery);
        return new PretrainConfig(tokenizer, train, dev, out, layers, hidden, heads, inter, maxLength, dropout,
                maskProbability, devFraction, batchSize, keepCheckpoints, resume, quiet, options);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": unknown value '" + value + "'");
        }
    }
}
