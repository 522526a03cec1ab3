package dev.graft.finetune;

import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error (steps, ETA, and loss, learning rate and examples/s as its message),
 * shown only when standard error is a terminal and the run is not quiet.
 */
public final class ProgressReporter implements TrainListener, AutoCloseable {
    private final ProgressBar bar;
    private double smoothedLoss = Double.NaN;

    private ProgressReporter(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar starting at {@code done} of {@code total} steps, or a silent reporter. */
    public static ProgressReporter create(boolean quiet, long done, long total) {
        return create("finetune", quiet, done, total);
    }

    /** @param name the bar's task name ({@code finetune}, {@code pretrain}) */
    public static ProgressReporter create(String name, boolean quiet, long done, long total) {
        if (quiet || System.console() == null) {
            return new ProgressReporter(null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).startsFrom(done,
                        java.time.Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(500).build();
        return new ProgressReporter(bar);
    }

    @Override
    public void onStep(StepRecord s) {
        if (bar == null) {
            return;
        }
        if (!s.skipped()) {
            smoothedLoss = Double.isNaN(smoothedLoss) ? s.loss() : 0.9 * smoothedLoss + 0.1 * s.loss();
        }
        bar.stepTo(s.step());
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f lr %.2e %.0f ex/s", smoothedLoss, s.lr(),
                s.examplesPerSecond()));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
