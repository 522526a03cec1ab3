package dev.graft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Runs launcher commands side by side, each in a JVM of its own with one libtorch thread.
 *
 * <p>Why: a small model's matrix products scale poorly over threads. On the 2-core machine one
 * fine-tune with 2 threads trained 1,118 examples/s, one with 1 thread 841; two 1-thread runs at once
 * trained 860 + 979 (full + LoRA), 1.6x the work per second of running them one after the other.
 * Separate processes, not threads, because libtorch's thread count is per process.
 *
 * <p>Each child writes its console to {@code LOG} beside its run; one progress bar sums the steps the
 * children have logged to their {@code metrics.jsonl}. If one child fails the others are stopped, and
 * stopping the demo (Ctrl-C) stops them too.
 */
final class DemoParallel {
    /** One command: its title, its log, the metrics file whose steps measure progress and their total. */
    record Job(String title, Path log, Path metrics, long steps, List<String> args) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoParallel() {}

    /**
     * Starts every job, waits for all, and returns each one's seconds. A job that exits non-zero stops
     * the rest and fails with its title, exit code and the end of its log.
     */
    static double[] run(List<Job> jobs, PrintStream log, boolean quiet) {
        List<Process> started = new ArrayList<>();
        Thread killer = new Thread(() -> started.forEach(Process::destroyForcibly), "demo-children");
        Runtime.getRuntime().addShutdownHook(killer);
        long t0 = System.nanoTime();
        double[] seconds = new double[jobs.size()];
        try (ProgressBar bar = quiet || System.console() == null ? null : bar(jobs)) {
            for (Job j : jobs) {
                Files.createDirectories(j.log().getParent());
                started.add(start(j));
            }
            boolean[] done = new boolean[jobs.size()];
            long[] seen = new long[jobs.size()];
            int left = jobs.size();
            while (left > 0) {
                for (int i = 0; i < jobs.size(); i++) {
                    Process p = started.get(i);
                    if (done[i] || p.isAlive()) {
                        continue;
                    }
                    done[i] = true;
                    left--;
                    seconds[i] = (System.nanoTime() - t0) / 1e9;
                    if (p.exitValue() != 0) {
                        started.forEach(Process::destroyForcibly);
                        throw new IllegalStateException(String.format(Locale.ROOT,
                                "stage '%s' failed (exit %d, after %.1f s); the end of its log %s:%n%s",
                                jobs.get(i).title(), p.exitValue(), seconds[i], jobs.get(i).log(), tail(jobs.get(i).log())));
                    }
                    log.printf(Locale.ROOT, "  %s: done in %.1f s%n", jobs.get(i).title(), seconds[i]);
                }
                if (bar != null) {
                    update(bar, jobs, seen);
                }
                Thread.sleep(250);
            }
            return seconds;
        } catch (IOException e) {
            started.forEach(Process::destroyForcibly);
            throw new UncheckedIOException("cannot start the parallel stages: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            started.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the parallel stages ran", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it stops the children itself
            }
        }
    }

    /** {@code java -cp <this JVM's class path> dev.graft.cli.Graft ARGS…}, one libtorch thread. */
    private static Process start(Job j) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=" + System.getProperty("ai.djl.offline", "true"),
                "-cp", System.getProperty("java.class.path"), Graft.class.getName()));
        cmd.addAll(j.args());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(j.log().toFile());
        Map<String, String> env = pb.environment();
        env.put("OMP_NUM_THREADS", "1");
        env.put("MKL_NUM_THREADS", "1");
        env.putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        env.put("OPT_OUT_TRACKING", "true");
        return pb.start();
    }

    private static ProgressBar bar(List<Job> jobs) {
        long total = jobs.stream().mapToLong(Job::steps).sum();
        return new ProgressBarBuilder().setTaskName(String.join(" + ", jobs.stream().map(Job::title).toList()))
                .setInitialMax(total).setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(500).build();
    }

    /** {@code seen}: each job's highest step so far, so a line read half written never moves the bar back. */
    private static void update(ProgressBar bar, List<Job> jobs, long[] seen) {
        long sum = 0;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            seen[i] = Math.max(seen[i], Math.min(j.steps(), lastStep(j.metrics())));
            sum += seen[i];
            parts.add(j.title() + " " + seen[i] + "/" + j.steps());
        }
        bar.stepTo(sum);
        bar.setExtraMessage(String.join(", ", parts));
    }

    /** The last step a run logged; 0 before its first line. A line still being written is passed over. */
    static long lastStep(Path metrics) {
        if (!Files.isRegularFile(metrics)) {
            return 0;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(metrics, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return 0; // the file just replaced: read it again next time
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            try {
                JsonNode n = JSON.readTree(lines.get(i));
                if (n != null && n.has("step")) {
                    return n.get("step").asLong();
                }
            } catch (IOException halfWritten) {
                // the writer is mid-line: the line before is complete
            }
        }
        return 0;
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
