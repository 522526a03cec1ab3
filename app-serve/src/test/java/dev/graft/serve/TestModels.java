package dev.graft.serve;

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
                    lines.add(LoadGenerator.sentence(random, 10)); // the load generator's words
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
