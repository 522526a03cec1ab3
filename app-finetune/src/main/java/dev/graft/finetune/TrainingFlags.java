package dev.graft.finetune;

import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The training-loop options {@code graft finetune} and {@code graft pretrain} share (schedule,
 * clipping, accumulation, evaluation and checkpoint intervals, resume), as one picocli mixin so both
 * commands spell and default them alike.
 */
public final class TrainingFlags {
    @Option(names = "--warmup", defaultValue = "0", description = "warmup steps") int warmup;
    @Option(names = "--schedule", defaultValue = "linear", description = "linear | cosine | constant") String schedule;
    @Option(names = "--weight-decay", defaultValue = "0.01") double weightDecay;
    @Option(names = "--clip-norm", defaultValue = "1.0", description = "global gradient norm; 0 turns clipping off")
    double clipNorm;
    @Option(names = "--grad-accum", defaultValue = "1") int gradAccum;
    @Option(names = "--eval-every", defaultValue = "0", description = "steps; 0 = each epoch") int evalEvery;
    @Option(names = "--patience", defaultValue = "0",
            description = "evaluations without gain before stopping; 0 = off") int patience;
    @Option(names = "--checkpoint-every", defaultValue = "0", description = "steps; 0 = each epoch") int checkpointEvery;
    @Option(names = "--keep-checkpoints", defaultValue = "3") int keepCheckpoints;
    @Option(names = "--log-every", defaultValue = "10") int logEvery;
    @Option(names = "--resume", description = "continue from the latest valid checkpoint in OUT") boolean resume;
    @Option(names = "--overwrite", description = "replace another run's outputs in OUT (refused without it)")
    boolean overwrite;
    @Option(names = "--skip-nonfinite", description = "skip steps whose loss is NaN/inf instead of stopping")
    boolean skipNonfinite;
    @Option(names = "--quiet", description = "no progress bar") boolean quiet;

    LrSchedule.Decay decay() {
        return enumOf(LrSchedule.Decay.class, schedule, "--schedule");
    }

    /** {@code value} as a constant of {@code type}; an unknown one names the option. */
    static <E extends Enum<E>> E enumOf(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": unknown value '" + value + "'; expected one of "
                    + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
