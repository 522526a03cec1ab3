package dev.graft.serve;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.config.JsonConfig;
import dev.graft.core.model.bert.BertConfig;
import dev.graft.core.model.encoder.EncoderTask;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.tokenize.bench.SyntheticCorpus;
import dev.graft.core.tokenize.train.Progress;
import dev.graft.core.tokenize.train.TokenizerTrainer;
import dev.graft.core.tokenize.train.TrainRequest;
import dev.graft.core.tokenize.train.TrainerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The core fixtures {@code bert-seqcls} and {@code gpt2-lm} copied beside tokenizers trained by our own
 * trainers (the fixtures have none), once per test JVM.
 */
final class TestModels {
    static final Path FIXTURES = Path.of("..", "core", "src", "test", "resources", "fixtures", "hf");
    private static Path dir;

    private TestModels() {}

    /** bert-seqcls (2 layers, 64 wide, 64 positions, 3 NLI labels) with a 1000-token WordPiece tokenizer. */
    static synchronized Path classifier() {
        return prepare("bert-seqcls", TrainerType.WORDPIECE);
    }

    /** gpt2-lm (2 layers, 64 wide, 64 positions, vocabulary 1000) with a 1000-token byte-level BPE tokenizer. */
    static synchronized Path generator() {
        return prepare("gpt2-lm", TrainerType.BPE);
    }

    /** gpt2-lm (vocabulary 1000) beside a 3000-token BPE tokenizer: text can tokenize to ids the model has no row for. */
    static synchronized Path generatorWithLargerTokenizer() {
        return prepare("gpt2-lm-tok3000", "gpt2-lm", TrainerType.BPE, 3000);
    }

    /** bert-seqcls (vocabulary 1000) beside a 3000-token WordPiece tokenizer. */
    static synchronized Path classifierWithLargerTokenizer() {
        return prepare("bert-seqcls-tok3000", "bert-seqcls", TrainerType.WORDPIECE, 3000);
    }

    /**
     * A random 1-layer, 32-wide BERT classifier of 24 positions (seed 0) beside {@link #classifier()}'s
     * tokenizer: shorter than many of serve-load's sample pairs, as the demo's 48-position BERT is with its
     * smaller vocabulary.
     */
    static synchronized Path shortClassifier() {
        Path out = classifier().resolveSibling("bert-24-positions");
        if (Files.exists(out.resolve("config.json"))) {
            return out;
        }
        try {
            Files.createDirectories(out);
            for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
                Files.copy(classifier().resolve(f), out.resolve(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("model_type", "bert").put("vocab_size", 1000).put("hidden_size", 32).put("num_hidden_layers", 1)
                .put("num_attention_heads", 2).put("intermediate_size", 64).put("hidden_act", "gelu")
                .put("max_position_embeddings", 24).put("type_vocab_size", 2).put("pad_token_id", 0);
        c.putObject("id2label").put("0", "entailment").put("1", "neutral").put("2", "contradiction");
        Engine.getInstance().setRandomSeed(0);
        try (PretrainedEncoder m = PretrainedEncoder.create(BertConfig.from(JsonConfig.of(c, out.resolve("config.json"))),
                EncoderTask.SEQUENCE_CLASSIFICATION, Device.cpu())) {
            m.save(out);
        }
        return out;
    }

    private static Path prepare(String name, TrainerType type) {
        return prepare(name, name, type, 1000);
    }

    private static Path prepare(String name, String fixture, TrainerType type, int vocabSize) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("graft-serve-tests");
                Path corpus = dir.resolve("corpus.txt");
                new SyntheticCorpus(500, 3).write(corpus, 100_000, 5);
                List<String> lines = new java.util.ArrayList<>(List.of("A man plays a guitar.", "Someone makes music.",
                        "The cat sleeps on the mat."));
                java.util.Random random = new java.util.Random(1);
                for (int i = 0; i < 300; i++) {
                    lines.add(LoadInputs.sentence(random, 10)); // the load generator's words
                }
                Files.write(corpus, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
            Path out = dir.resolve(name);
            if (!Files.exists(out.resolve("tokenizer.json"))) {
                Path tmp = dir.resolve(name + ".tokenizer");
                TokenizerTrainer.run(TrainRequest.of(type, vocabSize, List.of(dir.resolve("corpus.txt")), tmp), Progress.NONE);
                Files.createDirectories(out);
                for (String f : List.of("config.json", "model.safetensors")) {
                    Files.copy(FIXTURES.resolve(fixture).resolve(f), out.resolve(f));
                }
                for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
                    Files.copy(tmp.resolve(f), out.resolve(f));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
