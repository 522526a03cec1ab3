package dev.graft.core.tokenize;

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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tokenizers trained once per test JVM by our own trainers, shared by the loading and trainer tests:
 * a small generated corpus plus sentences with punctuation, digits, accents and non-Latin scripts, so
 * every character of {@link #SENTENCES} is in the WordPiece alphabet.
 */
public final class TrainedTokenizers {
    /** Text the round-trip tests encode; each line also appears in the training corpus. */
    public static final List<String> SENTENCES = List.of(
            "Héllo, World! It's 42 degrees (really?) in Zürich.",
            "Naïve café owners paid €3.50 for 2 crème brûlées; 東京 and Москва agreed.",
            "e-mail me at a.b@example.org — or don't: 100% \"sure\".");

    private static Path dir;

    private TrainedTokenizers() {}

    /** A cased WordPiece tokenizer with 600 tokens (BERT layout). */
    public static synchronized Path wordPiece() {
        return train(TrainerType.WORDPIECE, "wordpiece", false);
    }

    /** An uncased, accent-stripping WordPiece tokenizer with 600 tokens. */
    public static synchronized Path wordPieceUncased() {
        return train(TrainerType.WORDPIECE, "wordpiece-uncased", true);
    }

    /** A byte-level BPE tokenizer with 600 tokens (GPT-2 layout). */
    public static synchronized Path bpe() {
        return train(TrainerType.BPE, "bpe", false);
    }

    /** The training text: generated sentences and {@link #SENTENCES}. */
    public static synchronized Path corpus() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("graft-tokenizer-tests");
                Path created = dir;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created)));
                Path corpus = dir.resolve("corpus.txt");
                new SyntheticCorpus(2_000, 7).write(corpus, 200_000, 8);
                for (int i = 0; i < 3; i++) {
                    Files.write(corpus, SENTENCES, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir.resolve("corpus.txt");
    }

    private static Path train(TrainerType type, String name, boolean uncased) {
        Path corpus = corpus();
        Path out = dir.resolve(name);
        if (!Files.exists(out.resolve(TokenizerFiles.TOKENIZER_JSON))) {
            TrainRequest r = TrainRequest.of(type, 600, List.of(corpus), out).withNormalization(uncased, uncased);
            TokenizerTrainer.run(r, Progress.NONE);
        }
        return out;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
