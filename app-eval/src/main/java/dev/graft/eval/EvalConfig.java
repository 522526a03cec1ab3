package dev.graft.eval;

import dev.graft.core.data.ReadOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code graft eval} does.
 *
 * @param data NLI files; each is one section of the report (MultiNLI matched and mismatched …)
 * @param read how to read them (format, label order, bad rows)
 * @param batchSize examples per forward pass; batches are cut from the examples sorted by length
 * @param out directory for report.json, report.md, report.html and predictions.jsonl
 * @param probes also score hypothesis-only and premise-only inputs
 * @param resamples bootstrap resamples (1000 to {@link Bootstrap#MAX_RESAMPLES})
 * @param seed the bootstrap seed
 */
public record EvalConfig(List<Path> data, ReadOptions read, int batchSize, Path out, boolean probes, int resamples,
        long seed) {
    public EvalConfig {
        data = List.copyOf(data);
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(out, "out");
        if (data.isEmpty()) {
            throw new IllegalArgumentException("--data: name at least one NLI file");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        if (resamples < 1000) {
            throw new IllegalArgumentException("--bootstrap must be at least 1000 resamples, got " + resamples);
        }
        if (resamples > Bootstrap.MAX_RESAMPLES) {
            throw new IllegalArgumentException(Bootstrap.tooMany(resamples));
        }
    }

    /** Detected formats, batch 64, probes on, 1000 resamples, seed 0. */
    public static EvalConfig of(List<Path> data, Path out) {
        return new EvalConfig(data, ReadOptions.defaults(), 64, out, true, Bootstrap.DEFAULT_RESAMPLES, 0);
    }

    public EvalConfig withBatchSize(int b) {
        return new EvalConfig(data, read, b, out, probes, resamples, seed);
    }

    public EvalConfig withProbes(boolean p) {
        return new EvalConfig(data, read, batchSize, out, p, resamples, seed);
    }

    public EvalConfig withRead(ReadOptions r) {
        return new EvalConfig(data, r, batchSize, out, probes, resamples, seed);
    }
}
