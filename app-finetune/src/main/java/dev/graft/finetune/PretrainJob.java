package dev.graft.finetune;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.config.JsonConfig;
import dev.graft.core.data.MlmMasker;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.model.bert.BertConfig;
import dev.graft.core.model.encoder.EncoderTask;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.tokenize.Encoding;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerFiles;
import dev.graft.core.tokenize.TokenizerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * {@code graft pretrain}: a fresh BERT ({@code BertForMaskedLM} layout) of the given shape, trained with
 * BERT's masked-LM objective (15% of tokens chosen, 80/10/10; special tokens never) on text lines or NLI
 * pairs. The model with the best dev loss is saved as {@code out/model}, an HF directory with the
 * tokenizer files, which {@code graft finetune} loads under a new classification head.
 */
public final class PretrainJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PretrainJob() {}

    public static PretrainResult run(PretrainConfig config) {
        return run(config, System.err);
    }

    public static PretrainResult run(PretrainConfig config, PrintStream log) {
        long start = System.nanoTime();
        Path tokenizerJson = config.tokenizer().resolve(TokenizerFiles.TOKENIZER_JSON);
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IllegalArgumentException("--tokenizer " + config.tokenizer() + ": no " + TokenizerFiles.TOKENIZER_JSON
                    + " there (train one with 'graft tokenizer train --type wordpiece ...')");
        }
        List<PretrainTexts.Text> train = new ArrayList<>();
        config.train().forEach(f -> train.addAll(PretrainTexts.read(f)));
        List<PretrainTexts.Text> dev;
        if (config.dev() != null) {
            dev = PretrainTexts.read(config.dev());
        } else {
            if (train.size() < 2) {
                throw new IllegalArgumentException(config.train() + ": " + train.size() + " text; at least 2 are needed"
                        + " to hold some out for dev (or pass --dev)");
            }
            Collections.shuffle(train, new Random(config.training().seed()));
            int held = Math.max(1, (int) Math.round(train.size() * config.devFraction()));
            dev = new ArrayList<>(train.subList(train.size() - held, train.size()));
            train.subList(train.size() - held, train.size()).clear();
        }
        GraftEngine.configureDefaults();
        try (HfTokenizer tokenizer = HfTokenizer.load(config.tokenizer(), TokenizerOptions.of(config.maxLength()))) {
            MlmMasker masker = masker(tokenizer, config);
            long pad = tokenizer.padId();
            MlmBatches trainBatches = new MlmBatches(encode(train, tokenizer), config.batchSize(),
                    config.training().seed(), true, masker, pad);
            MlmBatches devBatches = new MlmBatches(encode(dev, tokenizer), config.batchSize(),
                    config.training().seed() + 1, false, masker, pad);
            Engine.getInstance().setRandomSeed((int) config.training().seed()); // the initial weights
            try (PretrainedEncoder bert = PretrainedEncoder.create(bertConfig(config, tokenizer), EncoderTask.MASKED_LM,
                    Device.cpu())) {
                bert.startPoolerAsIdentity(); // masked-LM never trains it; it is saved as it starts
                return train(config, bert, trainBatches, devBatches, train.size(), dev.size(), log, start);
            }
        }
    }

    private static PretrainResult train(PretrainConfig config, PretrainedEncoder bert, MlmBatches trainBatches,
            MlmBatches devBatches, int trainTexts, int devTexts, PrintStream log, long start) {
        bert.model().freezeParameters(false);
        List<TrainableParameter> params = new ArrayList<>();
        ParameterPaths.of(bert.model()).forEach((path, p) -> params.add(TrainableParameter.of(path, p)));
        long total = params.stream().mapToLong(TrainableParameter::size).sum();
        double baseline = devBatches.unigramBaseline();
        log.printf(Locale.ROOT, "pretrain: BERT %d layers, hidden %d, %d heads, FFN %d, %,d parameters; %,d training"
                + " and %,d dev texts; dev unigram baseline %.4f%n", config.layers(), config.hidden(), config.heads(),
                config.inter(), total, trainTexts, devTexts, baseline);
        ObjectNode extra = JSON.createObjectNode().put("task", "mlm").put("seed", config.training().seed());
        TrainingRun run = new TrainingRun("pretrain", config.out(), config.keepCheckpoints(), config.resume(),
                config.quiet(), extra, log);
        TrainingRun.Outcome o = run.run(new MaskedLmTask(bert.model()), bert.manager(), params, config.training(),
                trainBatches, devBatches, out -> saveModel(bert, config.tokenizer(), out));
        if (!Files.exists(config.out().resolve("model"))) {
            saveModel(bert, config.tokenizer(), config.out());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        PretrainResult r = new PretrainResult(total, trainTexts, devTexts, o.end().step(), o.initial().loss(),
                o.end().bestMetric(), o.end().bestAccuracy(), o.end().bestStep(), baseline, o.resumedFromStep(), seconds,
                config.out(), o.losses());
        writeRunJson(r, config);
        return r;
    }

    /** Special tokens (added tokens marked special) are never chosen; [MASK] (or &lt;mask&gt;) replaces. */
    private static MlmMasker masker(HfTokenizer tokenizer, PretrainConfig config) {
        TokenizerFiles files = tokenizer.files();
        long mask = files.idOf("[MASK]").orElseGet(() -> files.idOf("<mask>").orElseThrow(() ->
                new IllegalArgumentException(files.tokenizerJson() + ": no mask token ([MASK] or <mask>);"
                        + " masked-LM pretraining needs one (a WordPiece tokenizer from 'graft tokenizer train' has it)")));
        Set<Long> special = new HashSet<>();
        special.add(tokenizer.padId());
        try {
            for (JsonNode added : JSON.readTree(files.text()).path("added_tokens")) {
                if (added.path("special").asBoolean(false)) {
                    special.add(added.path("id").asLong());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(files.tokenizerJson() + ": cannot read", e);
        }
        return new MlmMasker(mask, (int) tokenizer.vocabSize(), special, config.maskProbability());
    }

    private static List<Encoding> encode(List<PretrainTexts.Text> texts, HfTokenizer tokenizer) {
        List<Encoding> out = new ArrayList<>(texts.size());
        for (PretrainTexts.Text t : texts) {
            out.add(t.second() == null ? tokenizer.encode(t.first()) : tokenizer.encodePair(t.first(), t.second()));
        }
        return out;
    }

    private static BertConfig bertConfig(PretrainConfig config, HfTokenizer tokenizer) {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add("BertForMaskedLM");
        c.put("model_type", "bert").put("vocab_size", tokenizer.vocabSize()).put("hidden_size", config.hidden())
                .put("num_hidden_layers", config.layers()).put("num_attention_heads", config.heads())
                .put("intermediate_size", config.inter()).put("hidden_act", "gelu")
                .put("hidden_dropout_prob", config.dropout()).put("attention_probs_dropout_prob", config.dropout())
                .put("max_position_embeddings", config.maxLength()).put("type_vocab_size", 2)
                .put("initializer_range", 0.02).put("layer_norm_eps", 1e-12).put("pad_token_id", tokenizer.padId());
        return BertConfig.from(JsonConfig.of(c, config.out().resolve("model/config.json")));
    }

    /** {@code out/model}: config.json, model.safetensors and the tokenizer files, replaced as a whole. */
    private static void saveModel(PretrainedEncoder bert, Path tokenizer, Path out) {
        ModelOutputs.replace(out.resolve("model"), dir -> {
            bert.save(dir);
            TokenizerFiles.copyInto(tokenizer, dir);
        });
    }

    private static void writeRunJson(PretrainResult r, PretrainConfig config) {
        ObjectNode n = JSON.createObjectNode();
        n.put("task", "mlm");
        n.put("tokenizer", config.tokenizer().toString());
        n.put("layers", config.layers()).put("hidden", config.hidden()).put("heads", config.heads())
                .put("inter", config.inter()).put("max_length", config.maxLength());
        n.put("parameters", r.parameters());
        n.put("train_texts", r.trainTexts()).put("dev_texts", r.devTexts());
        n.put("steps", r.steps());
        RunJson.putFinite(n, "initial_dev_loss", r.initialDevLoss());
        RunJson.putFinite(n, "best_dev_loss", r.bestDevLoss());
        RunJson.putFinite(n, "best_dev_perplexity", Math.exp(r.bestDevLoss()));
        RunJson.putFinite(n, "best_dev_masked_accuracy", r.bestDevAccuracy());
        RunJson.putFinite(n, "unigram_baseline", r.unigramBaseline());
        n.put("best_step", r.bestStep());
        n.put("resumed_from_step", r.resumedFromStep());
        n.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        n.put("seed", config.training().seed());
        RunJson.write(config.out(), n);
    }
}
