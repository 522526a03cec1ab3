package dev.graft.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (SIGINT) or SIGTERM to a running evaluation leaves the predictions so far and a report marked incomplete. */
class InterruptedRunTest {
    private static final int ROWS = 400;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void signalFlushesPredictionsAndWritesAnIncompleteReport(String signal) throws Exception {
        List<String[]> rows = new ArrayList<>();
        String[] labels = {"entailment", "neutral", "contradiction"};
        for (int i = 0; i < ROWS; i++) {
            rows.add(new String[] {"premise number " + i, "hypothesis " + i, labels[i % 3]});
        }
        Path data = Fixtures.hfJsonl(tmp.resolve("data.jsonl"), rows);
        Path out = tmp.resolve("run");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                InterruptibleEval.class.getName(), out.toString(), data.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path predictions = out.resolve(ReportFiles.PREDICTIONS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(predictions) < 10) {
            assertThat(child.isAlive()).as("child still running; log: %s", log()).isTrue();
            assertThat(System.nanoTime()).as("predictions appear within 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start().waitFor();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exits after the signal").isTrue();

        JsonNode report = ReportJson.MAPPER.readTree(out.resolve(ReportFiles.JSON).toFile());
        assertThat(report.get("complete").asBoolean()).isFalse();
        long scored = report.at("/sections/0/counts/scored").asLong();
        assertThat(scored).isGreaterThanOrEqualTo(10).isLessThan(ROWS);
        assertThat(lines(predictions)).isEqualTo(scored);
        assertThat(report.at("/sections/0/metrics/accuracy").asDouble()).isEqualTo(1.0);
        assertThat(Files.readString(out.resolve(ReportFiles.MARKDOWN))).contains("INCOMPLETE");
        assertThat(Files.readString(out.resolve(ReportFiles.HTML))).contains("INCOMPLETE").contains("data:image/svg+xml");
    }

    private static long lines(Path file) throws Exception {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var s = Files.lines(file)) {
            return s.filter(l -> l.endsWith("}")).count();
        }
    }

    private String log() throws Exception {
        Path log = tmp.resolve("child.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
