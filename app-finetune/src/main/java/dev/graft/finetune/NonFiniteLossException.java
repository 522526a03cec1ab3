package dev.graft.finetune;

/** A step produced a NaN or infinite loss (or gradient norm) and the run was not told to skip such steps. */
public final class NonFiniteLossException extends RuntimeException {
    private final long step;

    public NonFiniteLossException(long step, double loss, double gradNorm) {
        this(step, loss, gradNorm, java.util.List.of());
    }

    /** @param culprits parameters whose gradient norm was not finite, with it (e.g. {@code "x.weight=Infinity"}) */
    public NonFiniteLossException(long step, double loss, double gradNorm, java.util.List<String> culprits) {
        super("non-finite " + (Double.isFinite(loss) ? "gradient norm " + gradNorm : "loss " + loss) + " at step "
                + step + "; the weights are those after step " + (step - 1)
                + (culprits.isEmpty() ? "" : "; non-finite gradients in " + culprits)
                + " (lower --lr, check the data, or pass --skip-nonfinite to skip such steps)");
        this.step = step;
    }

    public long step() {
        return step;
    }
}
