package dev.graft.eval;

import static dev.graft.eval.Fixtures.oneHot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.graft.core.data.NliExample;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium: the page loads without script errors, every chart decodes
 * (the page's own check writes body[data-charts]), and a screenshot is kept under
 * target/eval-report-screenshot.png. Chromium must be installed in CI (.ci/run installs it); locally
 * the test is skipped, with the reason, when it is missing.
 */
class HtmlReportBrowserTest {
    private static final List<String> HF_ORDER = List.of("entailment", "neutral", "contradiction");

    @TempDir
    Path tmp;

    @Test
    void reportOpensOfflineWithEveryChartRendered() throws Exception {
        String chromium = findChromium();
        // varied confidences so the reliability diagram has several points; some answers wrong
        Function<NliExample, float[]> f = e -> {
            int gold = HF_ORDER.indexOf(e.label().label());
            int h = Math.floorMod(e.id().hashCode(), 5);
            float[] l = oneHot(h == 0 ? (gold + 1) % 3 : gold, 3);
            for (int i = 0; i < 3; i++) {
                l[i] = l[i] / (4f + h * 4f);
            }
            return l;
        };
        Path out = tmp.resolve("run");
        EvalConfig config = EvalConfig.of(List.of(Fixtures.NLI.resolve("multinli_1.0_dev_matched.jsonl"),
                Fixtures.NLI.resolve("snli_1.0_dev.jsonl")), out).withBatchSize(2);
        new EvalJob(config, new Fixtures.WhitespaceTokenizer(), new Fixtures.RiggedPredictor(HF_ORDER, f),
                Fixtures.info("rigged"), EvalProgress.NONE).run();
        Path html = out.resolve(ReportFiles.HTML);
        String page = Files.readString(html);
        assertThat(page).doesNotContain("http://").doesNotContain("https://"); // nothing to fetch
        int charts = 5; // confusion + reliability per section, genres for MultiNLI only

        Result dom = browse(chromium, "--dump-dom", "--virtual-time-budget=5000", html.toUri().toString());
        java.util.regex.Matcher body = java.util.regex.Pattern.compile("<body[^>]*>").matcher(dom.stdout);
        assertThat(body.find()).as("a <body> in the DOM Chromium dumped; stderr: %s", dom.stderr).isTrue();
        assertThat(body.group()).as("the page's own chart check")
                .isEqualTo("<body data-charts=\"" + charts + "/" + charts + "\">");
        assertThat(dom.stderr).as("browser log").doesNotContainIgnoringCase("Uncaught")
                .doesNotContain(":CONSOLE(");

        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        Path shot = target.resolve("eval-report-screenshot.png");
        Files.deleteIfExists(shot);
        Files.copy(html, target.resolve("eval-report-sample.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        browse(chromium, "--screenshot=" + shot, "--window-size=1200,2000", html.toUri().toString());
        assertThat(shot).exists();
        assertThat(Files.size(shot)).isGreaterThan(20_000);
    }

    private record Result(String stdout, String stderr) {}

    private Result browse(String chromium, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(tmp, "profile"),
                "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(args));
        Path stdout = tmp.resolve("chromium.out");
        Path stderr = tmp.resolve("chromium.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 90 s: " + cmd);
        }
        return new Result(Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static String findChromium() {
        String env = System.getenv("CHROMIUM");
        if (env != null && !env.isBlank()) {
            return env;
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        String why = "chromium is not on PATH: the report.html browser check needs it (apt-get install chromium)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why + "; in CI .ci/run installs it before the tests");
        }
        Assumptions.abort("SKIPPED: " + why);
        return null;
    }
}
