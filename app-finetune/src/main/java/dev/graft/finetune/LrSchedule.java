package dev.graft.finetune;

/**
 * Learning rate per optimizer step: linear warmup from 0 over {@code warmup} steps, then linear or
 * cosine decay to 0 at {@code total}. Same rule as HF's {@code get_linear_schedule_with_warmup} /
 * {@code get_cosine_schedule_with_warmup} under {@code LambdaLR}: the update of step {@code t} (1-based)
 * uses the factor at {@code t − 1}, so the very first update runs at lr 0 when there is warmup.
 */
public record LrSchedule(Decay decay, double base, int warmup, int total) {
    public enum Decay { LINEAR, COSINE, CONSTANT }

    public LrSchedule {
        if (!(base > 0) || Double.isInfinite(base)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + base);
        }
        if (warmup < 0 || total < 1) {
            throw new IllegalArgumentException("warmup must be >= 0 and total steps >= 1, got " + warmup + ", " + total);
        }
    }

    /** Learning rate for the update of step {@code step} (1-based). */
    public double lr(long step) {
        long s = step - 1;
        if (s < warmup) {
            return base * s / Math.max(1, warmup);
        }
        double progress = (double) (s - warmup) / Math.max(1, total - warmup);
        switch (decay) {
            case LINEAR:
                return base * Math.max(0.0, (double) (total - s) / Math.max(1, total - warmup));
            case COSINE:
                return base * Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * progress)));
            default:
                return base;
        }
    }
}
