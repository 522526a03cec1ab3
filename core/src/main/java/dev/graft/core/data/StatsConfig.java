package dev.graft.core.data;

import dev.graft.core.tokenize.TextTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code graft data stats} reads.
 *
 * @param files NLI files, read in turn and counted together (and per file)
 * @param read how to read them
 * @param tokenizer when not null, token lengths and the padding of batches are measured with it
 *     (the caller owns and closes it)
 * @param batchSize batch size of the padding estimate
 */
public record StatsConfig(List<Path> files, ReadOptions read, TextTokenizer tokenizer, int batchSize) {
    public StatsConfig {
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("stats needs at least one file");
        }
        files = List.copyOf(files);
        Objects.requireNonNull(read, "read");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, found " + batchSize);
        }
    }
}
