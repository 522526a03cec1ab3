package dev.graft.finetune;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.data.CausalLmBatches;
import dev.graft.core.data.LmBatch;
import dev.graft.core.data.PromptCompletion;
import dev.graft.core.data.PromptCompletionReader;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerFiles;
import dev.graft.core.tokenize.TokenizerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.graft.core.io.InputFile;

/**
 * {@code graft finetune --task causal-lm}: tunes a GPT-2 on jsonl {@code {prompt, completion}} rows with
 * the loss on the completion only ({@link CausalLmTask}), keeps the model with the lowest dev loss
 * (perplexity) as {@code out/best}, an HF GPT-2 directory with the tokenizer files.
 *
 * <p>A row longer than {@code --max-length} loses the start of its prompt (counted and reported); a
 * completion that leaves no room for a single prompt token is an error naming its line.
 */
public final class CausalLmJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CausalLmJob() {}

    public static CausalLmResult run(FinetuneConfig config, PrintStream log) {
        long start = System.nanoTime();
        if (!config.method().equals("full")) {
            throw new IllegalArgumentException("--task causal-lm: method '" + config.method()
                    + "' is not available for GPT-2 yet; available: full");
        }
        List<PromptCompletion> train = read(config.train());
        List<PromptCompletion> dev = read(config.dev());
        GraftEngine.configureDefaults();
        try (PretrainedGpt2 gpt2 = PretrainedGpt2.load(config.model(), Device.cpu(), false);
                HfTokenizer tokenizer = HfTokenizer.load(config.tokenizerDir(), TokenizerOptions.unlimited())) {
            tokenizer.requireFits(gpt2.config().vocabSize(), config.model());
            int maxLength = Math.min(config.maxLength(), gpt2.config().nPositions());
            long eos = eosId(gpt2, tokenizer);
            int[] truncated = new int[1];
            List<LmBatch> trainRows = encode(train, tokenizer, eos, maxLength, truncated);
            List<LmBatch> devRows = encode(dev, tokenizer, eos, maxLength, truncated);
            if (truncated[0] > 0) {
                log.printf(Locale.ROOT, "warning: %d of %d rows are longer than %d tokens; their prompts lose their"
                        + " start (the completion is kept whole)%n", truncated[0], train.size() + dev.size(), maxLength);
            }
            gpt2.model().freezeParameters(false);
            List<TrainableParameter> params = new ArrayList<>();
            ParameterPaths.of(gpt2.model()).forEach((path, p) -> params.add(TrainableParameter.of(path, p)));
            long total = params.stream().mapToLong(TrainableParameter::size).sum();
            log.printf(Locale.ROOT, "method full: %,d of %,d parameters trainable (100.00%%)%n", total, total);
            TrainerOptions options = new TrainerOptions(config.epochs(), config.lr(), config.schedule(), config.warmup(),
                    config.weightDecay(), config.clipNorm(), config.gradAccum(), config.seed(), config.evalEvery(),
                    TrainerOptions.StopMetric.LOSS, config.patience(), config.checkpointEvery(), config.skipNonfinite(),
                    config.logEvery());
            ObjectNode extra = JSON.createObjectNode().put("task", "causal-lm").put("method", "full")
                    .put("seed", config.seed());
            TrainingRun run = new TrainingRun("finetune", config.out(), config.keepCheckpoints(), config.resume(),
                    config.quiet(), extra, log);
            long pad = tokenizer.padId();
            TrainingRun.Outcome o = run.run(new CausalLmTask(gpt2.model()), gpt2.manager(), params, options,
                    new PromptBatches(trainRows, config.batchSize(), config.seed(), true, pad),
                    new PromptBatches(devRows, config.batchSize(), config.seed(), false, pad),
                    out -> saveBest(gpt2, config.tokenizerDir(), out));
            if (!Files.exists(config.out().resolve("best"))) {
                saveBest(gpt2, config.tokenizerDir(), config.out());
            }
            CausalLmResult r = new CausalLmResult("full", total, total, o.end().step(), o.initial().loss(),
                    o.end().bestMetric(), o.end().bestAccuracy(), o.end().bestStep(), truncated[0],
                    o.resumedFromStep(), (System.nanoTime() - start) / 1e9, config.out(), o.losses());
            writeRunJson(r, config);
            return r;
        }
    }

    private static List<PromptCompletion> read(Path file) {
        InputFile.problem(file, "a JSONL file of prompt/completion or text rows").ifPresent(m -> {
            throw new IllegalArgumentException(m);
        });
        List<PromptCompletion> rows = new ArrayList<>();
        try (PromptCompletionReader r = PromptCompletionReader.open(file)) {
            r.forEachRemaining(rows::add);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no {\"prompt\", \"completion\"} rows to train or evaluate on");
        }
        return rows;
    }

    /** The config's eos_token_id when the vocabulary has it, else the tokenizer's end-of-text, else none. */
    private static long eosId(PretrainedGpt2 gpt2, HfTokenizer tokenizer) {
        Integer eos = gpt2.config().eosTokenId();
        if (eos != null && eos < gpt2.config().vocabSize()) {
            return eos;
        }
        return tokenizer.files().idOf("<|endoftext|>").orElse(-1);
    }

    /** One single-row batch per example (checked and truncated now, padded per batch later). */
    private static List<LmBatch> encode(List<PromptCompletion> rows, HfTokenizer tokenizer, long eos, int maxLength,
            int[] truncated) {
        List<LmBatch> out = new ArrayList<>(rows.size());
        for (PromptCompletion r : rows) {
            LmBatch one = CausalLmBatches.build(List.of(r), tokenizer, eos, maxLength);
            long kept = one.ids()[0].length - one.targetCount();
            if (kept < tokenizer.encode(r.prompt()).ids().length) {
                truncated[0]++;
            }
            out.add(one);
        }
        return out;
    }

    /** {@code out/best}: the GPT-2 in HF layout with the tokenizer files, replaced as a whole. */
    private static void saveBest(PretrainedGpt2 gpt2, Path tokenizer, Path out) {
        ModelOutputs.replace(out.resolve("best"), dir -> {
            gpt2.save(dir);
            for (String f : List.of(TokenizerFiles.TOKENIZER_JSON, TokenizerFiles.CONFIG_JSON)) {
                if (Files.isRegularFile(tokenizer.resolve(f))) {
                    try {
                        Files.copy(tokenizer.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot save the model to " + out.resolve("best"), e);
                    }
                }
            }
        });
    }

    private static void writeRunJson(CausalLmResult r, FinetuneConfig config) {
        ObjectNode n = JSON.createObjectNode();
        n.put("task", "causal-lm").put("method", r.method()).put("model", config.model().toString());
        n.put("trainable_parameters", r.trainableParameters()).put("total_parameters", r.totalParameters());
        n.put("steps", r.steps());
        RunJson.putFinite(n, "initial_dev_loss", r.initialDevLoss());
        RunJson.putFinite(n, "initial_dev_perplexity", r.initialDevPerplexity());
        RunJson.putFinite(n, "best_dev_loss", r.bestDevLoss());
        RunJson.putFinite(n, "best_dev_perplexity", r.bestDevPerplexity());
        RunJson.putFinite(n, "best_dev_token_accuracy", r.bestDevAccuracy());
        n.put("best_step", r.bestStep()).put("truncated_prompts", r.truncatedPrompts());
        n.put("resumed_from_step", r.resumedFromStep());
        n.put("seconds", Math.round(r.seconds() * 1000) / 1000.0).put("seed", config.seed());
        RunJson.write(config.out(), n);
    }
}
