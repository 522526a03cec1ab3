package dev.graft.eval;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * report.html: one self-contained page that opens offline. Charts are SVG drawn by XChart and
 * embedded as data URIs; nothing is fetched when the page is viewed. A few lines of inline script
 * count the charts that decoded and write the tally to {@code <body data-charts>} (checked by the
 * headless-browser test).
 */
public final class ReportHtml {
    private ReportHtml() {}

    public static String render(EvalReport r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Graft NLI evaluation</title>\n")
                .append("<style>").append(style()).append("</style></head>\n<body>\n<h1>NLI evaluation</h1>\n");
        if (!r.complete()) {
            h.append("<p class=\"incomplete\">INCOMPLETE: the run was interrupted; figures cover the examples scored so far.</p>\n");
        }
        h.append(String.format(Locale.ROOT, "<p>Model <code>%s</code>, method %s, %,d trainable of %,d parameters; labels %s.<br>"
                + "%,d examples in %.1f s (%.1f examples/s scoring); batch %d, %d bootstrap resamples, seed %d.</p>%n",
                esc(r.model().model()), esc(r.model().method()), r.model().trainableParameters(),
                r.model().totalParameters(), esc(r.headLabels().toString()), r.examples(), r.seconds(),
                r.examplesPerSecond(), r.batchSize(), r.resamples(), r.seed()));
        for (Section s : r.sections()) {
            section(h, s);
        }
        h.append(script()).append("</body></html>\n");
        return h.toString();
    }

    private static void section(StringBuilder h, Section s) {
        Metrics m = s.metrics();
        h.append("<section><h2>").append(esc(s.name())).append(s.complete() ? "" : " (incomplete)").append("</h2>\n");
        h.append(String.format(Locale.ROOT, "<p><code>%s</code> (%s, sha256 <code>%s</code>): %d rows read, %d used, %d skipped%s; "
                + "%d unlabelled; %d of %d scored.</p>%n", esc(s.file()), s.format().cliName(), s.sha256(),
                s.counts().rowsRead(), s.counts().rowsUsed(), s.counts().skippedTotal(), esc(ReportMarkdown.skips(s)),
                s.unlabelled(), m.n(), s.total()));
        h.append("<table><tr><th>accuracy</th><th>95% CI (bootstrap)</th><th>std. error</th><th>macro-F1</th>"
                + "<th>log-loss</th><th>ECE</th><th>2-way accuracy</th></tr>\n");
        h.append(String.format(Locale.ROOT, "<tr><td>%.4f</td><td>[%.4f, %.4f]</td><td>%.4f</td><td>%.4f</td><td>%.4f</td>"
                + "<td>%.4f</td><td>%.4f</td></tr></table>%n", m.accuracy(), m.interval95().lower(),
                m.interval95().upper(), m.standardError(), m.macroF1(), m.logLoss(), m.calibration().ece(),
                s.twoWayAccuracy()));
        h.append("<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>\n");
        for (Metrics.ClassScores c : m.perClass()) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%d</td></tr>%n",
                    c.label(), c.precision(), c.recall(), c.f1(), c.support()));
        }
        h.append("</table>\n");
        if (s.probes() != null) {
            h.append(String.format(Locale.ROOT, "<p>Probes: hypothesis only %.4f, premise only %.4f (majority class %.4f).</p>%n",
                    s.probes().hypothesisOnly(), s.probes().premiseOnly(), s.probes().majority()));
        }
        h.append("<div class=\"charts\">\n");
        chart(h, "confusion", "Confusion matrix, " + s.name(), Charts.confusion(m, "Confusion (gold by predicted)"));
        chart(h, "reliability", "Reliability diagram, " + s.name(), Charts.reliability(m.calibration(), "Reliability"));
        if (!s.genres().isEmpty()) {
            chart(h, "genres", "Accuracy per genre, " + s.name(), Charts.genres(s.genres(), "Accuracy per genre"));
        }
        h.append("</div>\n");
        if (!s.counts().badRows().isEmpty()) {
            h.append("<p>First skipped rows:</p><ul>\n");
            s.counts().badRows().forEach(b -> h.append("<li>").append(esc(b)).append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("</section>\n");
    }

    private static void chart(StringBuilder h, String kind, String alt, String svg) {
        String data = Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
        h.append("<img class=\"chart\" data-chart=\"").append(kind).append("\" alt=\"").append(esc(alt))
                .append("\" src=\"data:image/svg+xml;base64,").append(data).append("\">\n");
    }

    private static String style() {
        return "body{font-family:sans-serif;margin:2em;max-width:1150px;color:#222}"
                + "table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}"
                + "th{background:#f3f3f3}.charts{display:flex;flex-wrap:wrap;gap:1em}.chart{border:1px solid #ddd}"
                + ".incomplete{color:#b00;font-weight:bold}";
    }

    /** Counts charts that decoded: body[data-charts] = "rendered/total", or lists the failures. */
    private static String script() {
        return "<script>window.addEventListener('load',function(){var imgs=document.querySelectorAll('img.chart');"
                + "var ok=0,bad=[];imgs.forEach(function(i){if(i.complete&&i.naturalWidth>0){ok++;}else{bad.push(i.alt);}});"
                + "document.body.setAttribute('data-charts',ok+'/'+imgs.length);"
                + "if(bad.length){document.body.setAttribute('data-chart-errors',bad.join('; '));}});</script>\n";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
