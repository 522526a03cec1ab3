package dev.graft.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Runs the demo's stages: each is one launcher command, run in this JVM (one libtorch start for the
 * whole demo) and echoed first, so a reader can rerun any stage by hand.
 */
final class DemoStages {
    private final PrintStream log;
    private final int total;
    private int done;

    DemoStages(PrintStream log, int total) {
        this.log = log;
        this.total = total;
    }

    /** Runs {@code graft ARGS…}; a failing stage stops the demo with its name and exit code. */
    void run(String title, Object... args) {
        done++;
        String[] argv = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        log.printf(Locale.ROOT, "%n[%d/%d] %s%n  $ bin/graft %s%n", Math.min(done, total), total, title,
                Arrays.stream(argv).map(DemoStages::quote).collect(Collectors.joining(" ")));
        long t0 = System.nanoTime();
        int code = Graft.run(argv);
        double s = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            throw new IllegalStateException("stage '" + title + "' failed (exit " + code + ", after "
                    + String.format(Locale.ROOT, "%.1f s", s) + "); its message is above");
        }
        log.printf(Locale.ROOT, "  done in %.1f s%n", s);
    }

    /**
     * Runs several launcher commands at once, each in its own JVM with one libtorch thread (see
     * {@link DemoParallel}); echoed first like {@link #run}, their consoles go to their logs.
     */
    void runTogether(List<DemoParallel.Job> jobs, boolean quiet) {
        for (DemoParallel.Job j : jobs) {
            done++;
            log.printf(Locale.ROOT, "%n[%d/%d] %s%n  $ OMP_NUM_THREADS=1 bin/graft %s%n", Math.min(done, total), total,
                    j.title(), j.args().stream().map(DemoStages::quote).collect(Collectors.joining(" ")));
        }
        log.printf(Locale.ROOT, "  (%d runs side by side, one thread each; their output goes to %s)%n", jobs.size(),
                jobs.stream().map(j -> j.log().toString()).collect(Collectors.joining(", ")));
        DemoParallel.run(jobs, log, quiet);
    }

    static String quote(String a) {
        return a.matches("[A-Za-z0-9_./=:,@+-]+") ? a : "'" + a.replace("'", "'\\''") + "'";
    }
}
