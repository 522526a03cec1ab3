package dev.graft.core.tokenize.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code graft tokenizer train} does.
 *
 * @param type wordpiece (BERT style) or bpe (GPT-2 byte-level)
 * @param vocabSize the vocabulary size to reach, special tokens and alphabet included
 * @param inputs UTF-8 text files, read line by line
 * @param output directory to write tokenizer.json and tokenizer_config.json into (created if needed)
 * @param lowercase wordpiece only: lower-case text before splitting (BertNormalizer {@code lowercase})
 * @param stripAccents wordpiece only: drop accents after NFD (BertNormalizer {@code strip_accents})
 * @param minFrequency stop merging when the best pair occurs fewer times than this
 * @param modelMaxLength the {@code model_max_length} written to tokenizer_config.json
 * @param threads threads that pre-tokenize and count words
 */
public record TrainRequest(TrainerType type, int vocabSize, List<Path> inputs, Path output, boolean lowercase,
        boolean stripAccents, int minFrequency, int modelMaxLength, int threads) {
    public TrainRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(output, "output");
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("--input: name at least one text file to train on");
        }
        if (vocabSize < 1) {
            throw new IllegalArgumentException("--vocab-size must be positive, got " + vocabSize);
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("--min-frequency must be at least 1, got " + minFrequency);
        }
        if (modelMaxLength < 1) {
            throw new IllegalArgumentException("--max-length must be positive, got " + modelMaxLength);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (java.nio.file.Files.exists(output) && !java.nio.file.Files.isDirectory(output)) {
            // checked here, not when the files are written: training can take minutes
            throw new IllegalArgumentException("--output " + output + " is a file; name a directory (it is created if"
                    + " missing)");
        }
        if (type == TrainerType.BPE && (lowercase || stripAccents)) {
            throw new IllegalArgumentException("--lowercase and --strip-accents apply to wordpiece only: "
                    + "byte-level BPE (GPT-2 style) keeps the text unchanged");
        }
    }

    /** Defaults: case and accents kept, min frequency 2 (as HF's trainers), the type's max length, all cores. */
    public static TrainRequest of(TrainerType type, int vocabSize, List<Path> inputs, Path output) {
        return new TrainRequest(type, vocabSize, inputs, output, false, false, 2, type.defaultMaxLength(),
                Runtime.getRuntime().availableProcessors());
    }

    public TrainRequest withNormalization(boolean newLowercase, boolean newStripAccents) {
        return new TrainRequest(type, vocabSize, inputs, output, newLowercase, newStripAccents, minFrequency, modelMaxLength, threads);
    }

    public TrainRequest withMinFrequency(int newMinFrequency) {
        return new TrainRequest(type, vocabSize, inputs, output, lowercase, stripAccents, newMinFrequency, modelMaxLength, threads);
    }
}
