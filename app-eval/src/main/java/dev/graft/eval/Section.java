package dev.graft.eval;

import dev.graft.core.data.LabelView;
import dev.graft.core.data.NliFormat;
import dev.graft.core.data.ReadCounts;
import java.util.Map;

/**
 * The evaluation of one data file.
 *
 * @param name the file name without its extensions ({@code multinli_1.0_dev_matched})
 * @param file the path given
 * @param sha256 of the file's bytes
 * @param format the layout read
 * @param counts rows read, used and skipped by reason
 * @param unlabelled rows without a label (GLUE test files), not scored
 * @param total labelled examples to score
 * @param view 3-way, or 2-way for RTE/HANS-style data or a 2-way head
 * @param metrics the figures over the examples scored (all of them unless the run was interrupted)
 * @param twoWayAccuracy accuracy with neutral and contradiction merged into not_entailment
 * @param genres accuracy per MultiNLI genre; empty when the file has none
 * @param probes the artefact probes, or null when not run
 * @param seconds wall time of the scoring pass (probes excluded)
 * @param complete whether every example was scored
 */
public record Section(String name, String file, String sha256, NliFormat format, ReadCounts counts, long unlabelled,
        long total, LabelView view, Metrics metrics, double twoWayAccuracy, Map<String, GenreScore> genres,
        Probes probes, double seconds, boolean complete) {
    /** @param n examples of the genre scored */
    public record GenreScore(long n, double accuracy) {}

    /**
     * Accuracy with one sentence blanked: how much the model leans on annotation artefacts
     * (Gururangan et al. 2018; Poliak et al. 2018). Near {@code majority} means little.
     *
     * @param hypothesisOnly accuracy with the premise blanked
     * @param premiseOnly accuracy with the hypothesis blanked
     * @param majority accuracy of always predicting the most frequent gold class
     */
    public record Probes(long n, double hypothesisOnly, double premiseOnly, double majority) {}

    public double examplesPerSecond() {
        return seconds <= 0 ? 0 : metrics.n() / seconds;
    }
}
