package dev.graft.finetune;

import dev.graft.core.data.LabelOrder;
import dev.graft.core.engine.GraftEngine;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft finetune}: the options of {@link FinetuneConfig}; the work is {@link FinetuneJob#run}. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = {"Fine-tune a sequence-classification encoder (BERT family) on NLI sentence pairs (--task nli), or"
                + " GPT-2 on jsonl {\"prompt\", \"completion\"} rows with the loss on the completion only (--task causal-lm).",
            "A masked-LM or base checkpoint (e.g. from 'graft pretrain') gets a new classifier for the labels of the data.",
            "Writes OUT/checkpoints, OUT/best (an HF directory), OUT/metrics.jsonl, OUT/training.png, OUT/run.json."})
public final class FinetuneCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "HF model directory with a classifier head")
    Path model;

    @Option(names = "--task", defaultValue = "nli", description = "nli | causal-lm")
    String task;

    @Option(names = "--method", required = true, description = "head | full")
    String method;

    @Option(names = "--train", required = true, description = "training file (any format of graft data)")
    Path train;

    @Option(names = "--dev", required = true, description = "dev file, evaluated for the best checkpoint")
    Path dev;

    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Option(names = "--tokenizer", description = "tokenizer directory (default: the model directory)")
    Path tokenizer;

    @Option(names = "--epochs", defaultValue = "3") int epochs;
    @Option(names = "--lr", defaultValue = "5e-5") double lr;
    @Option(names = "--batch-size", defaultValue = "32") int batchSize;
    @Option(names = "--max-length", defaultValue = "128") int maxLength;
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
    @Option(names = "--metric", defaultValue = "accuracy", description = "accuracy | loss") String metric;
    @Option(names = "--checkpoint-every", defaultValue = "0", description = "steps; 0 = each epoch") int checkpointEvery;
    @Option(names = "--keep-checkpoints", defaultValue = "3") int keepCheckpoints;
    @Option(names = "--log-every", defaultValue = "10") int logEvery;
    @Option(names = "--resume", description = "continue from the latest valid checkpoint in OUT") boolean resume;
    @Option(names = "--label-order", description = "integer label order of the data, e.g. entailment,neutral,contradiction")
    String labelOrder;
    @Option(names = "--skip-nonfinite", description = "skip steps whose loss is NaN/inf instead of stopping")
    boolean skipNonfinite;
    @Option(names = "--quiet", description = "no progress bar") boolean quiet;
    @Option(names = "--verbose", hidden = true) boolean verbose;

    @Override
    public Integer call() {
        if (FinetuneTask.named(task) == FinetuneTask.CAUSAL_LM) {
            CausalLmResult r = CausalLmJob.run(config(), System.err);
            System.out.printf(Locale.ROOT, "{\"task\":\"causal-lm\",\"method\":\"%s\",\"steps\":%d,"
                    + "\"initial_dev_perplexity\":%.4f,\"best_dev_perplexity\":%.4f,\"out\":\"%s\"}%n", r.method(),
                    r.steps(), r.initialDevPerplexity(), r.bestDevPerplexity(), r.out());
            return 0;
        }
        FinetuneResult r = FinetuneJob.run(config());
        System.out.printf(Locale.ROOT, "{\"method\":\"%s\",\"steps\":%d,\"best_dev_accuracy\":%s,\"out\":\"%s\"}%n",
                r.method(), r.steps(), Double.isFinite(r.bestDevAccuracy()) ? String.format(Locale.ROOT, "%.4f",
                        r.bestDevAccuracy()) : "null", r.out());
        return 0;
    }

    FinetuneConfig config() {
        LrSchedule.Decay decay = enumOf(LrSchedule.Decay.class, schedule, "--schedule");
        TrainerOptions.StopMetric stop = enumOf(TrainerOptions.StopMetric.class, metric, "--metric");
        return new FinetuneConfig(model, method, train, dev, out, tokenizer, epochs, lr, batchSize, maxLength, seed,
                warmup, decay, weightDecay, clipNorm, gradAccum, evalEvery, patience, stop, checkpointEvery,
                keepCheckpoints, resume, labelOrder == null ? LabelOrder.HF_DEFAULT : LabelOrder.parse(labelOrder),
                quiet, skipNonfinite, logEvery);
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": unknown value '" + value + "'");
        }
    }

    /** Runs the command alone (the launcher is {@code dev.graft.cli.Graft}); used by the resume test's child JVM. */
    public static void main(String[] args) {
        GraftEngine.configureDefaults();
        CommandLine cl = new CommandLine(new FinetuneCommand());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("finetune: error: " + ex.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
