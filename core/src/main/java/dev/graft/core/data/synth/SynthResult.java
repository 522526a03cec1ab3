package dev.graft.core.data.synth;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code graft data synth} wrote.
 *
 * @param seed the seed used
 * @param splits per split (train, dev, test): its file, rows and label counts
 * @param phenomena pairs per {@link Phenomenon} over all splits
 * @param redrawn pairs drawn again because they repeated an earlier pair, or a hypothesis of another split
 */
public record SynthResult(long seed, Map<String, Split> splits, Map<Phenomenon, Long> phenomena, long redrawn) {
    /** One written split. */
    public record Split(Path file, int rows, Map<String, Long> labels) {}
}
