package dev.graft.core.tokenize.bench;

import java.nio.file.Path;

/**
 * What {@code graft tokenizer bench} measures.
 *
 * @param megabytes corpus size in MiB
 * @param vocabSize vocabulary size for every trainer
 * @param seed corpus seed: the same seed gives the same corpus
 * @param workDir where the corpus and the trained files go; null for a temporary directory, deleted after
 * @param threads threads for our word counting and for spm_train's {@code --num_threads}
 */
public record BenchRequest(double megabytes, int vocabSize, long seed, Path workDir, int threads) {
    public BenchRequest {
        if (!(megabytes > 0)) {
            throw new IllegalArgumentException("--mb must be positive, got " + megabytes);
        }
        if (vocabSize < 300) {
            throw new IllegalArgumentException("--vocab-size must be at least 300 (the byte-level alphabet is 257), got " + vocabSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
    }
}
