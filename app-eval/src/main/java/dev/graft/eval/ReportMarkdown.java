package dev.graft.eval;

import dev.graft.core.data.LabelView;
import java.util.Locale;

/** report.md: the figures as Markdown tables. */
public final class ReportMarkdown {
    private ReportMarkdown() {}

    public static String render(EvalReport r) {
        StringBuilder md = new StringBuilder("# NLI evaluation\n\n");
        if (!r.complete()) {
            md.append("**INCOMPLETE: the run was interrupted; figures cover the examples scored so far.**\n\n");
        }
        md.append(String.format(Locale.ROOT, "Model `%s`, method %s, %,d trainable of %,d parameters; labels (id2label) %s.%n",
                r.model().model(), r.model().method(), r.model().trainableParameters(), r.model().totalParameters(),
                r.headLabels()));
        md.append(String.format(Locale.ROOT, "%,d examples in %.1f s (%.1f examples/s scoring); batch %d, %d bootstrap resamples, seed %d.%n%n",
                r.examples(), r.seconds(), r.examplesPerSecond(), r.batchSize(), r.resamples(), r.seed()));
        for (Section s : r.sections()) {
            section(md, s);
        }
        return md.toString();
    }

    private static void section(StringBuilder md, Section s) {
        Metrics m = s.metrics();
        md.append("## ").append(s.name()).append(s.complete() ? "" : " (incomplete)").append("\n\n");
        md.append(String.format(Locale.ROOT, "`%s` (%s, sha256 `%s`): %d rows read, %d used, %d skipped%s; %d unlabelled; %d of %d scored, %s view.%n%n",
                s.file(), s.format().cliName(), s.sha256(), s.counts().rowsRead(), s.counts().rowsUsed(),
                s.counts().skippedTotal(), skips(s), s.unlabelled(), m.n(), s.total(),
                s.view() == LabelView.TWO_WAY ? "2-way" : "3-way"));
        md.append("| accuracy | 95% CI (bootstrap) | std. error | macro-F1 | log-loss | ECE (15 bins) | 2-way accuracy |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| %.4f | [%.4f, %.4f] | %.4f | %.4f | %.4f | %.4f | %.4f |%n%n",
                m.accuracy(), m.interval95().lower(), m.interval95().upper(), m.standardError(), m.macroF1(),
                m.logLoss(), m.calibration().ece(), s.twoWayAccuracy()));
        md.append("| class | precision | recall | F1 | support |\n|---|---|---|---|---|\n");
        for (Metrics.ClassScores c : m.perClass()) {
            md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %d |%n", c.label(), c.precision(),
                    c.recall(), c.f1(), c.support()));
        }
        md.append("\nConfusion (rows gold, columns predicted):\n\n| gold \\ predicted |");
        m.classes().forEach(l -> md.append(' ').append(l).append(" |"));
        md.append("\n|---|").append("---|".repeat(m.classes().size())).append('\n');
        for (int g = 0; g < m.classes().size(); g++) {
            md.append("| ").append(m.classes().get(g)).append(" |");
            for (long v : m.confusion()[g]) {
                md.append(' ').append(v).append(" |");
            }
            md.append('\n');
        }
        if (!s.genres().isEmpty()) {
            md.append("\n| genre | n | accuracy |\n|---|---|---|\n");
            s.genres().forEach((g, v) -> md.append(String.format(Locale.ROOT, "| %s | %d | %.4f |%n", g, v.n(), v.accuracy())));
        }
        if (s.probes() != null) {
            md.append(String.format(Locale.ROOT, "%nProbes: hypothesis only %.4f, premise only %.4f (majority class %.4f).%n",
                    s.probes().hypothesisOnly(), s.probes().premiseOnly(), s.probes().majority()));
        }
        if (!s.counts().badRows().isEmpty()) {
            md.append("\nFirst skipped rows:\n\n");
            s.counts().badRows().forEach(b -> md.append("- ").append(b).append('\n'));
        }
        md.append('\n');
    }

    static String skips(Section s) {
        if (s.counts().skipped().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(" (");
        s.counts().skipped().forEach((k, v) -> b.append(b.length() > 2 ? ", " : "").append(k.key()).append(' ').append(v));
        return b.append(')').toString();
    }
}
