package dev.graft.finetune;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Global-norm gradient clipping as {@code torch.nn.utils.clip_grad_norm_}: the L2 norm over all
 * gradients together, and a factor {@code min(1, maxNorm / (norm + 1e-6))} applied to every gradient.
 * DJL's own {@code clipGrad} clips each element on one side, which is a different thing.
 */
public final class GradClip {
    private GradClip() {}

    /** sqrt(Σ_p Σ_i g_pi²) over the gradients of {@code params}. */
    public static double globalNorm(List<TrainableParameter> params) {
        double sum = 0;
        for (TrainableParameter p : params) {
            try (NDArray g = p.array().getGradient(); NDArray sq = g.square(); NDArray s = sq.sum()) {
                sum += s.getFloat();
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * The parameters whose own gradient norm is not finite (path=norm), at most {@code limit} of them:
     * what a non-finite global norm is reported with.
     */
    public static List<String> nonFinite(List<TrainableParameter> params, int limit) {
        List<String> out = new java.util.ArrayList<>();
        for (TrainableParameter p : params) {
            try (NDArray g = p.array().getGradient(); NDArray sq = g.square(); NDArray s = sq.sum()) {
                double norm = Math.sqrt(s.getFloat());
                if (!Double.isFinite(norm) && out.size() < limit) {
                    out.add(p.path() + "=" + norm);
                }
            }
        }
        return out;
    }

    /** The factor torch multiplies every gradient by; 1 when clipping is off ({@code maxNorm <= 0}). */
    public static double coefficient(double norm, double maxNorm) {
        if (maxNorm <= 0) {
            return 1.0;
        }
        return Math.min(1.0, maxNorm / (norm + 1e-6));
    }
}
