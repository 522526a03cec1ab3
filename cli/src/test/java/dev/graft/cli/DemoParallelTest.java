package dev.graft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DemoParallel}: child JVMs, their logs, a failing child's message, and progress from metrics. */
class DemoParallelTest {
    @Test
    void failingChildNamesItsStageExitCodeAndLogTail(@TempDir Path dir) {
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        DemoParallel.Job bad = new DemoParallel.Job("fine-tune: nothing", dir.resolve("bad.log"),
                dir.resolve("metrics.jsonl"), 10, List.of("no-such-command"));
        assertThatThrownBy(() -> DemoParallel.run(List.of(bad), log, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stage 'fine-tune: nothing' failed (exit 2")
                .hasMessageContaining(dir.resolve("bad.log").toString())
                .hasMessageContaining("no-such-command");
    }

    @Test
    void childrenRunToTheEndAndWriteTheirLogs(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(out, true, StandardCharsets.UTF_8);
        List<DemoParallel.Job> jobs = List.of(
                new DemoParallel.Job("one", dir.resolve("a/one.log"), dir.resolve("none"), 1, List.of("--version")),
                new DemoParallel.Job("two", dir.resolve("b/two.log"), dir.resolve("none"), 1, List.of("--help")));
        double[] seconds = DemoParallel.run(jobs, log, true);
        assertThat(seconds).hasSize(2);
        assertThat(Math.min(seconds[0], seconds[1])).isPositive();
        assertThat(Files.readString(dir.resolve("b/two.log"))).contains("Usage: graft");
        assertThat(Files.readString(dir.resolve("a/one.log"))).isNotBlank();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("one: done in").contains("two: done in");
    }

    @Test
    void progressIsTheLastLoggedStep(@TempDir Path dir) throws Exception {
        Path metrics = dir.resolve("metrics.jsonl");
        assertThat(DemoParallel.lastStep(metrics)).isZero();
        Files.writeString(metrics, "{\"type\":\"step\",\"step\":10,\"loss\":1.0}\n{\"type\":\"eval\",\"step\":12}\n"
                + "{\"type\":\"step\",\"st");
        assertThat(DemoParallel.lastStep(metrics)).as("a half-written last line is skipped").isEqualTo(12);
    }
}
