package dev.graft.eval;

import dev.graft.core.data.NliExample;
import dev.graft.core.data.NliFormat;
import dev.graft.core.data.NliLabel;
import dev.graft.core.data.NliReader;
import dev.graft.core.data.ReadCounts;
import dev.graft.core.data.ReadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One {@code --data} file read whole and checked against the model's labels. {@link EvalJob} reads every
 * file this way before it touches {@code --out}, so a malformed file, a file with nothing to score or a
 * label mismatch stops the run while {@code --out} still holds what it held.
 *
 * @param unlabelled rows read without a label (GLUE test files), not scored
 */
record EvalInput(Path file, NliFormat format, ReadCounts counts, List<NliExample> labelled, long unlabelled,
        LabelMapping mapping) {

    static EvalInput read(Path file, ReadOptions options, List<String> headLabels) {
        List<NliExample> labelled = new ArrayList<>();
        long unlabelled = 0;
        ReadCounts counts;
        NliFormat format;
        try (NliReader reader = NliReader.open(file, options)) {
            while (reader.hasNext()) {
                NliExample e = reader.next();
                if (e.hasLabel()) {
                    labelled.add(e);
                } else {
                    unlabelled++;
                }
            }
            counts = reader.counts();
            format = reader.format();
        }
        if (labelled.isEmpty()) {
            // figures over 0 of 0 examples would pass for a result (accuracy 0.0000, complete)
            throw new IllegalArgumentException(nothingToScore(file, counts, unlabelled));
        }
        Set<NliLabel> dataLabels = EnumSet.noneOf(NliLabel.class);
        labelled.forEach(e -> dataLabels.add(e.label()));
        return new EvalInput(file, format, counts, List.copyOf(labelled), unlabelled,
                LabelMapping.of(headLabels, dataLabels));
    }

    static String nothingToScore(Path file, ReadCounts counts, long unlabelled) {
        StringBuilder m = new StringBuilder(file + ": no row to score: " + rows(counts.rowsRead()) + " read");
        if (counts.skippedTotal() > 0) {
            List<String> why = new ArrayList<>();
            counts.skipped().forEach((reason, n) -> why.add(reason.key() + " " + n));
            m.append(", ").append(counts.skippedTotal()).append(" skipped (").append(String.join(", ", why)).append(')');
        }
        if (unlabelled > 0) {
            m.append(", ").append(unlabelled).append(" without a label");
        }
        m.append(", none usable");
        if (!counts.badRows().isEmpty()) {
            m.append("; the first: ").append(counts.badRows().get(0));
        }
        return m.append(". Check that --format and --label-order fit the file, or give a labelled file").toString();
    }

    private static String rows(long n) {
        return n == 1 ? "1 row" : n + " rows";
    }
}
