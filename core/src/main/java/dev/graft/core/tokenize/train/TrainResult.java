package dev.graft.core.tokenize.train;

import java.nio.file.Path;

/**
 * What a training run produced.
 *
 * @param type the tokenizer type
 * @param tokenizerJson the written tokenizer.json (tokenizer_config.json lies beside it)
 * @param vocabSize the vocabulary size reached: less than asked when no pair met the min frequency
 * @param alphabetSize initial symbols: characters (and their {@code ##} forms) for wordpiece, 256 bytes for bpe
 * @param merges merges learned
 * @param distinctWords distinct pre-tokenized words in the corpus
 * @param bytes input size
 * @param lines input lines
 * @param seconds wall time, reading to writing
 */
public record TrainResult(TrainerType type, Path tokenizerJson, int vocabSize, int alphabetSize, int merges,
        long distinctWords, long bytes, long lines, double seconds) {}
