package dev.graft.finetune;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    @Mixin TrainingFlags training;
    @Option(names = "--verbose", hidden = true) boolean verbose;

    @Override
    public Integer call() {
        PretrainConfig config = config(); // options checked before --overwrite removes anything
        RunDirectory.claim(out, training.resume, training.overwrite, System.err);
        PretrainResult r = PretrainJob.run(config);
        System.out.printf(Locale.ROOT, "{\"task\":\"mlm\",\"steps\":%d,\"initial_dev_loss\":%s,\"best_dev_loss\":%s,"
                + "\"best_dev_masked_accuracy\":%s,\"unigram_baseline\":%s,\"model\":\"%s\"}%n", r.steps(),
                num(r.initialDevLoss()), num(r.bestDevLoss()), num(r.bestDevAccuracy()), num(r.unigramBaseline()),
                r.model());
        return 0;
    }

    PretrainConfig config() {
        TrainingFlags t = training;
        TrainerOptions options = new TrainerOptions(epochs, lr, t.decay(), t.warmup, t.weightDecay, t.clipNorm,
                t.gradAccum, seed, t.evalEvery, TrainerOptions.StopMetric.LOSS, t.patience, t.checkpointEvery,
                t.skipNonfinite, t.logEvery);
        return new PretrainConfig(tokenizer, train, dev, out, layers, hidden, heads, inter, maxLength, dropout,
                maskProbability, devFraction, batchSize, t.keepCheckpoints, t.resume, t.quiet, options);
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
    }
}
