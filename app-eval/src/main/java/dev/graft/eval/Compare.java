package dev.graft.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code graft eval compare RUN_DIR...}: several runs' report.json side by side. */
public final class Compare {
    /** One row: a section of one run. */
    public record Row(String run, String section, String method, long trainableParameters, double accuracy,
            double lower, double upper, double macroF1, double ece, boolean complete) {}

    private Compare() {}

    public static List<Row> rows(List<Path> runDirs) {
        List<Row> rows = new ArrayList<>();
        for (Path dir : runDirs) {
            JsonNode root = report(dir);
            JsonNode model = root.path("model");
            for (JsonNode s : root.path("sections")) {
                JsonNode m = s.path("metrics");
                rows.add(new Row(dir.getFileName().toString(), s.path("name").asText(), model.path("method").asText(),
                        model.path("trainable_parameters").asLong(), m.path("accuracy").asDouble(),
                        m.path("ci95").path(0).asDouble(), m.path("ci95").path(1).asDouble(),
                        m.path("macro_f1").asDouble(), m.path("ece").asDouble(),
                        root.path("complete").asBoolean() && s.path("complete").asBoolean()));
            }
        }
        return rows;
    }

    /** RUN_DIR/report.json, checked to be one graft eval wrote: anything else would make an empty or zero row. */
    static JsonNode report(Path dir) {
        Path file = dir.resolve(ReportFiles.JSON);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + ": no " + ReportFiles.JSON + "; name a directory that graft eval"
                    + " --out wrote a finished or interrupted run to");
        }
        JsonNode root;
        try {
            root = ReportJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read a report (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.path("complete").isBoolean() || !root.path("model").isObject()
                || !root.path("sections").isArray()) {
            throw new IllegalArgumentException(file + " is not a graft eval report (it lacks complete, model or"
                    + " sections); name a directory that graft eval --out wrote");
        }
        return root;
    }

    static final String[] HEADER = {"run", "section", "method", "trainable parameters", "accuracy (95% CI)", "macro-F1", "ECE"};

    static String[] cells(Row r) {
        return new String[] {r.run() + (r.complete() ? "" : " (incomplete)"), r.section(), r.method(),
            String.format(Locale.ROOT, "%,d", r.trainableParameters()),
            String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", r.accuracy(), r.lower(), r.upper()),
            String.format(Locale.ROOT, "%.4f", r.macroF1()), String.format(Locale.ROOT, "%.4f", r.ece())};
    }

    public static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| ").append(String.join(" | ", HEADER)).append(" |\n|");
        md.append("---|".repeat(HEADER.length)).append('\n');
        for (Row r : rows) {
            md.append("| ").append(String.join(" | ", cells(r))).append(" |\n");
        }
        return md.toString();
    }

    public static String html(List<Row> rows) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Graft evaluation runs</title><style>body{font-family:sans-serif;margin:2em}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em}th{background:#f3f3f3}"
                + "</style></head><body><h1>Evaluation runs</h1>\n<table><tr>");
        for (String c : HEADER) {
            h.append("<th>").append(ReportHtml.esc(c)).append("</th>");
        }
        h.append("</tr>\n");
        for (Row r : rows) {
            h.append("<tr>");
            for (String c : cells(r)) {
                h.append("<td>").append(ReportHtml.esc(c)).append("</td>");
            }
            h.append("</tr>\n");
        }
        return h.append("</table></body></html>\n").toString();
    }

    /** Writes compare.md and compare.html into {@code out} and returns the Markdown. */
    public static String write(List<Path> runDirs, Path out) {
        List<Row> rows = rows(runDirs);
        String md = markdown(rows);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out, e);
        }
        ReportFiles.write(out.resolve("compare.md"), md);
        ReportFiles.write(out.resolve("compare.html"), html(rows));
        return md;
    }
}
