package dev.graft.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.data.NliLabel;

/** report.json: every figure of the run, the file {@code graft eval compare} reads back. */
public final class ReportJson {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {}

    public static String toText(EvalReport r) {
        try {
            return MAPPER.writeValueAsString(toJson(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode toJson(EvalReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("complete", r.complete());
        root.put("started_at", r.startedAt());
        root.put("runtime_s", round(r.seconds(), 3));
        root.put("examples", r.examples());
        root.put("examples_per_s", round(r.examplesPerSecond(), 2));
        ObjectNode model = root.putObject("model");
        model.put("dir", r.model().model());
        model.put("method", r.model().method());
        model.put("trainable_parameters", r.model().trainableParameters());
        model.put("total_parameters", r.model().totalParameters());
        r.headLabels().forEach(model.putArray("labels")::add);
        if (r.model().adapter() == null) {
            root.putNull("adapter");
        } else {
            ObjectNode a = root.putObject("adapter");
            a.put("dir", r.model().adapter().dir());
            a.put("method", r.model().adapter().method());
            a.put("trainable_parameters", r.model().adapter().trainableParameters());
        }
        ObjectNode settings = root.putObject("settings");
        settings.put("batch_size", r.batchSize()).put("bootstrap_resamples", r.resamples()).put("seed", r.seed())
                .put("ece_bins", Calibration.DEFAULT_BINS);
        ArrayNode files = root.putArray("data");
        ArrayNode sections = root.putArray("sections");
        for (Section s : r.sections()) {
            files.addObject().put("file", s.file()).put("sha256", s.sha256());
            sections.add(section(s));
        }
        return root;
    }

    private static ObjectNode section(Section s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", s.name()).put("file", s.file()).put("sha256", s.sha256()).put("format", s.format().cliName())
                .put("complete", s.complete()).put("view", s.view() == dev.graft.core.data.LabelView.TWO_WAY ? "2-way" : "3-way");
        ObjectNode counts = o.putObject("counts");
        counts.put("rows_read", s.counts().rowsRead()).put("rows_used", s.counts().rowsUsed())
                .put("rows_skipped", s.counts().skippedTotal()).put("unlabelled", s.unlabelled())
                .put("to_score", s.total()).put("scored", s.metrics().n());
        ObjectNode skipped = counts.putObject("skipped");
        s.counts().skipped().forEach((k, v) -> skipped.put(k.key(), v));
        s.counts().badRows().forEach(counts.putArray("bad_rows")::add);
        o.put("seconds", round(s.seconds(), 3)).put("examples_per_s", round(s.examplesPerSecond(), 2));
        Metrics m = s.metrics();
        ObjectNode mj = o.putObject("metrics");
        mj.put("accuracy", round(m.accuracy(), 6)).put("standard_error", round(m.standardError(), 6));
        mj.putArray("ci95").add(round(m.interval95().lower(), 6)).add(round(m.interval95().upper(), 6));
        mj.put("macro_f1", round(m.macroF1(), 6)).put("log_loss", round(m.logLoss(), 6))
                .put("ece", round(m.calibration().ece(), 6)).put("two_way_accuracy", round(s.twoWayAccuracy(), 6));
        ObjectNode perClass = mj.putObject("per_class");
        for (Metrics.ClassScores c : m.perClass()) {
            perClass.putObject(c.label().label()).put("precision", round(c.precision(), 6))
                    .put("recall", round(c.recall(), 6)).put("f1", round(c.f1(), 6)).put("support", c.support());
        }
        ObjectNode confusion = mj.putObject("confusion");
        ArrayNode labels = confusion.putArray("labels");
        for (NliLabel l : m.classes()) {
            labels.add(l.label());
        }
        ArrayNode rows = confusion.putArray("gold_by_predicted");
        for (long[] row : m.confusion()) {
            ArrayNode a = rows.addArray();
            for (long v : row) {
                a.add(v);
            }
        }
        ArrayNode bins = mj.putArray("reliability");
        for (Calibration.Bin b : m.calibration().bins()) {
            bins.addObject().put("lower", round(b.lower(), 6)).put("upper", round(b.upper(), 6)).put("count", b.count())
                    .put("confidence", round(b.confidence(), 6)).put("accuracy", round(b.accuracy(), 6));
        }
        ObjectNode genres = o.putObject("genres");
        s.genres().forEach((g, v) -> genres.putObject(g).put("n", v.n()).put("accuracy", round(v.accuracy(), 6)));
        if (s.probes() == null) {
            o.putNull("probes");
        } else {
            o.putObject("probes").put("n", s.probes().n()).put("hypothesis_only", round(s.probes().hypothesisOnly(), 6))
                    .put("premise_only", round(s.probes().premiseOnly(), 6)).put("majority", round(s.probes().majority(), 6));
        }
        return o;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
