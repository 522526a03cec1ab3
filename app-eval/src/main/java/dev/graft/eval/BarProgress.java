package dev.graft.eval;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar (me.tongfei progressbar) on standard error, one per pass. */
public final class BarProgress implements EvalProgress {
    private final PrintStream err;
    private ProgressBar bar;

    public BarProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public synchronized void start(String task, long total) {
        finish();
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" pairs", 1)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(err)).setUpdateIntervalMillis(500)
                .showSpeed().build();
    }

    @Override
    public synchronized void advance(long examples) {
        if (bar != null) {
            bar.stepBy(examples);
        }
    }

    @Override
    public synchronized void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
