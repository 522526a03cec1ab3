package dev.graft.finetune;

import static dev.graft.finetune.TrainingFlags.enumOf;

import dev.graft.core.data.LabelOrder;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.peft.BottleneckConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft finetune}: the options of {@link FinetuneConfig}; the work is {@link FinetuneJob#run}. */
@Command(name = "finetune", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Fine-tune a sequence-classification encoder (BERT family) on NLI sentence pairs (--task nli) or"
                + " single texts (--task text: jsonl {\"text\", \"label\"} rows or an SST-2 tsv), or"
                + " GPT-2 on jsonl {\"prompt\", \"completion\"} rows with the loss on the completion only (--task causal-lm).",
            "A masked-LM or base checkpoint (e.g. from 'graft pretrain') gets a new classifier for the labels of the data.",
            "Writes OUT/checkpoints, OUT/best, OUT/metrics.jsonl, OUT/training.png, OUT/run.json. OUT/best is an HF"
                + " directory for head, full and features (cls pooling), a PEFT adapter directory (adapter_config.json,"
                + " adapter_model.safetensors, classifier as modules_to_save) for the other methods; --merge adds"
                + " OUT/merged, a plain HF checkpoint (lora, ia3, bitfit).",
            "Flags of one method given with another (--lora-rank with --method full) are refused."},
        sortOptions = false)
public final class FinetuneCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "HF model directory with a classifier head")
    Path model;

    @Option(names = "--task", defaultValue = "nli", description = "nli | text | causal-lm")
    String task;

    @Option(names = "--method", required = true, description = {
        "features: frozen encoder run once; a classifier is trained on the cached pair embeddings (logistic"
            + " regression on BERT's pooled [CLS] with --pooling cls)",
        "head: body frozen, classifier trained",
        "full: every parameter",
        "lora: low-rank updates B·A on the --lora-targets projections (Hu et al. 2021)",
        "adapter: bottleneck adapters, Houlsby or Pfeiffer placement",
        "prefix: learned key/value prefixes in every attention layer (Li and Liang 2021)",
        "prompt: soft tokens at the embedding (Lester et al. 2021)",
        "ia3: learned rescaling of keys, values and FFN activations (Liu et al. 2022)",
        "bitfit: only the biases (Ben Zaken et al. 2022)",
        "The classifier trains with every PEFT method (PEFT's modules_to_save)."})
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
    @Mixin TrainingFlags training;
    @Option(names = "--metric", defaultValue = "accuracy", description = "accuracy | loss") String metric;
    @Option(names = "--label-order", description = "integer label order of the data, e.g. entailment,neutral,contradiction")
    String labelOrder;
    @Option(names = "--label-names", split = ",", paramLabel = "L", description = "--task text: what integer labels"
            + " 0, 1 … mean, e.g. negative,positive; also the class order of a new classifier (default: the labels"
            + " sorted)") java.util.List<String> labelNames;
    @Option(names = "--verbose", hidden = true) boolean verbose;

    @Option(names = "--lora-rank", paramLabel = "R", description = "lora: rank r > 0 (default: 8)") Integer loraRank;
    @Option(names = "--lora-alpha", paramLabel = "A", description = "lora: alpha > 0; the update is scaled by alpha/r"
            + " (default: 16)") Float loraAlpha;
    @Option(names = "--lora-dropout", paramLabel = "P", description = "lora: dropout on the adapter input, in [0, 1)"
            + " (default: 0.1)") Float loraDropout;
    @Option(names = "--lora-targets", split = ",", paramLabel = "T", description = "lora: projections to adapt, roles"
            + " (query, key, value, attention_output, ffn_in, ffn_out, fused_qkv), word_embeddings (LoRA on the word"
            + " embedding, PEFT's lora_embedding_A/B) or HF module names (attention.output.dense, q_lin, wte …)"
            + " (default: query,value)") java.util.List<String> loraTargets;
    @Option(names = "--rslora", description = "lora: rank-stabilised scaling alpha/sqrt(r)") Boolean rsLora;
    @Option(names = "--adapter-placement", paramLabel = "P", description = "adapter: houlsby (after attention and"
            + " after the FFN) | pfeiffer (after the FFN) (default: houlsby)") String adapterPlacement;
    @Option(names = "--adapter-reduction", paramLabel = "F", description = "adapter: hidden size / bottleneck width,"
            + " >= 1 (default: 16)") Integer adapterReduction;
    @Option(names = "--prefix-tokens", paramLabel = "P", description = "prefix: prefix length per layer (default: 10)")
    Integer prefixTokens;
    @Option(names = "--prefix-projection", description = "prefix: reparameterise the prefixes through an MLP")
    Boolean prefixProjection;
    @Option(names = "--prefix-hidden", paramLabel = "H", description = "prefix: width of that MLP, with"
            + " --prefix-projection (default: 64)") Integer prefixHidden;
    @Option(names = "--prompt-tokens", paramLabel = "P", description = "prompt: number of soft tokens (default: 10)")
    Integer promptTokens;
    @Option(names = "--prompt-init", paramLabel = "I", description = "prompt: random | vocab (embeddings of sampled"
            + " vocabulary rows) | text (embeddings of --prompt-init-text) (default: random)") String promptInit;
    @Option(names = "--prompt-init-text", paramLabel = "TEXT", description = "prompt: the text for --prompt-init text")
    String promptInitText;
    @Option(names = "--pooling", paramLabel = "P", description = "features: cls (what the classifier reads: BERT's"
            + " pooled [CLS], else the first token; best/ is an HF directory) | mean (mean of the last hidden states;"
            + " best/ holds features_head.safetensors) (default: cls)") String pooling;
    @Option(names = "--merge", description = "also write OUT/merged: best/ folded into the base weights, a plain HF"
            + " checkpoint (lora, ia3, bitfit; adapter, prefix and prompt cannot fold)") Boolean merge;

    @Override
    public Integer call() {
        // The options are checked (the config is built) before --overwrite removes anything.
        FinetuneConfig config = config();
        if (labelNames != null && FinetuneTask.named(task) != FinetuneTask.TEXT) {
            // silently ignoring it would leave integer labels read in another order than the user meant
            throw new IllegalArgumentException("--label-names is for --task text; NLI files take --label-order");
        }
        RunDirectory.claim(out, training.resume, training.overwrite, System.err);
        if (FinetuneTask.named(task) == FinetuneTask.CAUSAL_LM) {
            CausalLmResult r = CausalLmJob.run(config, System.err);
            System.out.printf(Locale.ROOT, "{\"task\":\"causal-lm\",\"method\":\"%s\",\"steps\":%d,"
                    + "\"initial_dev_perplexity\":%.4f,\"best_dev_perplexity\":%.4f,\"out\":\"%s\"}%n", r.method(),
                    r.steps(), r.initialDevPerplexity(), r.bestDevPerplexity(), r.out());
            return 0;
        }
        FinetuneResult r = FinetuneTask.named(task) == FinetuneTask.TEXT
                ? FinetuneJob.runText(config, labelNames == null ? java.util.List.of() : labelNames, System.err)
                : FinetuneJob.run(config);
        System.out.printf(Locale.ROOT, "{\"method\":\"%s\",\"steps\":%d,\"best_dev_accuracy\":%s,\"out\":\"%s\"}%n",
                r.method(), r.steps(), Double.isFinite(r.bestDevAccuracy()) ? String.format(Locale.ROOT, "%.4f",
                        r.bestDevAccuracy()) : "null", r.out());
        return 0;
    }

    FinetuneConfig config() {
        TrainingFlags t = training;
        TrainerOptions.StopMetric stop = enumOf(TrainerOptions.StopMetric.class, metric, "--metric");
        LabelOrder order = labelOrder == null ? LabelOrder.HF_DEFAULT : LabelOrder.parse(labelOrder);
        return new FinetuneConfig(model, method, train, dev, out, tokenizer, epochs, lr, batchSize, maxLength, seed,
                t.warmup, t.decay(), t.weightDecay, t.clipNorm, t.gradAccum, t.evalEvery, t.patience, stop,
                t.checkpointEvery, t.keepCheckpoints, t.resume, order, t.quiet, t.skipNonfinite, t.logEvery,
                methodOptions());
    }

    MethodOptions methodOptions() {
        return new MethodOptions(loraRank, loraAlpha, loraDropout, loraTargets, rsLora,
                adapterPlacement == null ? null : enumOf(BottleneckConfig.Placement.class, adapterPlacement,
                        "--adapter-placement"), adapterReduction, prefixTokens, prefixProjection, prefixHidden,
                promptTokens, promptInit == null ? null : enumOf(MethodOptions.PromptInit.class, promptInit,
                        "--prompt-init"), promptInitText, pooling == null ? null : enumOf(MethodOptions.Pooling.class,
                        pooling, "--pooling"), merge);
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
