package dev.graft.finetune;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.config.ModelConfigs;
import dev.graft.core.data.synth.SynthConfig;
import dev.graft.core.data.synth.SynthJob;
import dev.graft.core.model.encoder.EncoderTask;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerOptions;
import dev.graft.core.tokenize.train.Progress;
import dev.graft.core.tokenize.train.TokenizerTrainer;
import dev.graft.core.tokenize.train.TrainRequest;
import dev.graft.core.tokenize.train.TrainerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Shared test fixture, built once per JVM: the synthetic NLI set (3000 train, 300 dev; {@code small/}
 * holds its first 960 and 96 rows), a WordPiece
 * tokenizer trained on its train split, and a seeded tiny BERT (2 layers, hidden 32, 2 heads, dropout
 * 0.1) with a 3-way classifier in HF layout.
 */
final class TinyNli {
    private static Path root;

    private TinyNli() {}

    static synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("graft-finetune-tiny");
                Path created = root;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created)));
                build(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    static Path data() {
        return root().resolve("data");
    }

    /** The first 960 training and 96 dev rows, for runs that test mechanics rather than learning. */
    static Path small() {
        return root().resolve("small");
    }

    static Path tokenizer() {
        return root().resolve("tokenizer");
    }

    static Path model() {
        return root().resolve("model");
    }

    /** A config for a run of {@code method} into {@code out} on the tiny set; tests adjust it. */
    static FinetuneConfig config(String method, Path out) {
        return FinetuneConfig.of(model(), method, data().resolve("train.jsonl"), data().resolve("dev.jsonl"), out)
                .withTokenizer(tokenizer(), 64)
                .withTraining(3, 1e-3, 16, 7)
                .withOptimizer(10, 0.01, 1.0, 1)
                .withFlags(false, true, false);
    }

    private static void build(Path dir) throws IOException {
        SynthJob.run(SynthConfig.of(3000, 11, dir.resolve("data")));
        Files.createDirectories(dir.resolve("small"));
        for (String[] small : new String[][] {{"train", "960"}, {"dev", "96"}}) {
            List<String> rows = Files.readAllLines(dir.resolve("data/" + small[0] + ".jsonl"), StandardCharsets.UTF_8);
            Files.write(dir.resolve("small/" + small[0] + ".jsonl"), rows.subList(0, Integer.parseInt(small[1])),
                    StandardCharsets.UTF_8);
        }
        Path corpus = dir.resolve("corpus.txt");
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("data/train.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode n = json.readTree(line);
            lines.add(n.get("sentence1").asText());
            lines.add(n.get("sentence2").asText());
        }
        Files.write(corpus, lines, StandardCharsets.UTF_8);
        TokenizerTrainer.run(TrainRequest.of(TrainerType.WORDPIECE, 400, List.of(corpus), dir.resolve("tokenizer"))
                .withNormalization(true, true), Progress.NONE);
        long vocab;
        try (HfTokenizer tok = HfTokenizer.load(dir.resolve("tokenizer"), TokenizerOptions.of(64))) {
            vocab = tok.vocabSize();
        }
        writeModel(dir.resolve("model"), (int) vocab, 0.1, 7);
    }

    /** A seeded, randomly initialised tiny BertForSequenceClassification in HF layout. */
    static void writeModel(Path dir, int vocab, double dropout, int seed) throws IOException {
        writeModel(dir, vocab, dropout, seed, EncoderTask.SEQUENCE_CLASSIFICATION);
    }

    /**
     * The same tiny BERT with {@code task}'s head: a 3-way NLI classifier, or (masked LM) no classifier and
     * no id2label, as {@code graft pretrain} leaves a model.
     */
    static void writeModel(Path dir, int vocab, double dropout, int seed, EncoderTask task) throws IOException {
        Files.createDirectories(dir);
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.put("model_type", "bert").put("vocab_size", vocab).put("hidden_size", 32).put("num_hidden_layers", 2)
                .put("num_attention_heads", 2).put("intermediate_size", 64).put("hidden_act", "gelu")
                .put("hidden_dropout_prob", dropout).put("attention_probs_dropout_prob", dropout)
                .put("max_position_embeddings", 64).put("type_vocab_size", 2).put("layer_norm_eps", 1e-12)
                .put("pad_token_id", 0);
        if (task == EncoderTask.SEQUENCE_CLASSIFICATION) {
            c.putArray("architectures").add("BertForSequenceClassification");
            c.putObject("id2label").put("0", "entailment").put("1", "neutral").put("2", "contradiction");
            c.putObject("label2id").put("entailment", 0).put("neutral", 1).put("contradiction", 2);
        } else {
            c.putArray("architectures").add("BertForMaskedLM");
        }
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), c);
        Engine.getInstance().setRandomSeed(seed);
        try (PretrainedEncoder enc = PretrainedEncoder.create(ModelConfigs.read(dir), task, Device.cpu())) {
            enc.save(dir);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
