package dev.graft.core.cli;

import dev.graft.core.tokenize.train.Progress;
import java.io.PrintStream;

/**
 * Progress on standard error for long jobs: one line when a stage starts or ends and at most one a
 * second in between, so a log file stays readable and a terminal user sees the job move.
 */
final class ConsoleProgress implements Progress {
    private final String prefix;
    private final PrintStream err;
    private String stage = "";
    private long printedDone = -1;
    private long lastPrint;

    ConsoleProgress(String prefix, PrintStream err) {
        this.prefix = prefix;
        this.err = err;
    }

    @Override
    public void report(String newStage, long done, long total) {
        long now = System.nanoTime();
        boolean stageChanged = !newStage.equals(stage);
        if (!stageChanged && done == printedDone) {
            return; // the line already printed: reader threads each report the end of their share
        }
        if (stageChanged || done >= total || now - lastPrint > 1_000_000_000L) {
            err.printf("%s: %s %d/%d%n", prefix, newStage, done, total);
            stage = newStage;
            printedDone = done;
            lastPrint = now;
        }
    }
}
