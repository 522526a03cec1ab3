package dev.graft.core.data.synth;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code graft data synth} writes.
 *
 * @param train pairs in {@code train.jsonl}
 * @param dev pairs in {@code dev.jsonl}
 * @param test pairs in {@code test.jsonl}
 * @param seed everything follows from it: same seed, same files
 * @param out directory to write into (created if missing)
 */
public record SynthConfig(int train, int dev, int test, long seed, Path out) {
    /** Beyond this the small world runs out of distinct hypotheses to keep the splits apart. */
    public static final int MAX_PAIRS = 1_000_000;

    public SynthConfig {
        Objects.requireNonNull(out, "out");
        if (train < 1 || dev < 0 || test < 0) {
            throw new IllegalArgumentException("synth needs at least 1 training pair and no negative split sizes, found train "
                    + train + ", dev " + dev + ", test " + test);
        }
        if ((long) train + dev + test > MAX_PAIRS) {
            throw new IllegalArgumentException("synth writes at most " + MAX_PAIRS + " pairs in all, asked for "
                    + ((long) train + dev + test));
        }
    }

    /** {@code n} training pairs and a tenth of that (at least 30) each for dev and test. */
    public static SynthConfig of(int n, long seed, Path out) {
        int eval = Math.max(30, n / 10);
        return new SynthConfig(n, eval, eval, seed, out);
    }
}
