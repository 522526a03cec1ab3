package dev.graft.eval;

import java.util.List;

/**
 * A whole evaluation run.
 *
 * @param model what was evaluated
 * @param headLabels the model's id2label by index
 * @param sections one per data file, in the order given
 * @param complete false when the run was interrupted; the sections then hold what was scored
 * @param seconds wall time of the run
 * @param startedAt ISO-8601 UTC
 */
public record EvalReport(ModelInfo model, List<String> headLabels, List<Section> sections, boolean complete,
        double seconds, String startedAt, int batchSize, int resamples, long seed) {
    public EvalReport {
        sections = List.copyOf(sections);
    }

    public long examples() {
        return sections.stream().mapToLong(s -> s.metrics().n()).sum();
    }

    /** Examples scored per second of scoring (probes and reading excluded). */
    public double examplesPerSecond() {
        double s = sections.stream().mapToDouble(Section::seconds).sum();
        return s <= 0 ? 0 : examples() / s;
    }
}
