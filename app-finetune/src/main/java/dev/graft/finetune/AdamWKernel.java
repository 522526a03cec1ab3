package dev.graft.finetune;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * The moment updates and the step of AdamW for one CPU parameter in a single pass over its memory,
 * as {@code torch.optim.AdamW(fused=True)} does, instead of the dozen full passes (and four temporary
 * arrays) that elementwise NDArray ops take. Per element, in float, in torch's order of operations:
 *
 * <pre>
 *   g ← g · clip                                   (clip_grad_norm_'s grad.mul_)
 *   m ← fma(1 − β1, g, m · β1)                     (exp_avg.mul_(β1).add_(g, alpha=1 − β1))
 *   v ← v · β2 + ((1 − β2) · g) · g                (exp_avg_sq.mul_(β2).addcmul_(g, g, value=1 − β2))
 *   Δ ← (stepSize · m) / (sqrt(v) / sqrt(1 − β2^t) + ε)
 * </pre>
 *
 * The caller subtracts Δ from the weight (after decoupled decay) with one libtorch op, so the weight is
 * only ever written by libtorch and may have any layout; the moments and Δ are arrays we made
 * (contiguous), read and written through direct buffers over their own memory.
 */
final class AdamWKernel {
    /** Elements per parallel chunk; smaller tensors run on the calling thread. */
    static final int CHUNK = 1 << 16;

    private AdamWKernel() {}

    /**
     * @param g the gradient (read only)
     * @param m first moment, updated in place
     * @param v second moment, updated in place
     * @param delta written: the amount to subtract from the weight
     */
    static void update(FloatBuffer g, FloatBuffer m, FloatBuffer v, FloatBuffer delta, double clip, double beta1,
            double beta2, double bc2Sqrt, double eps, double stepSize) {
        int n = g.limit();
        if (m.limit() != n || v.limit() != n || delta.limit() != n) {
            throw new IllegalArgumentException("AdamW kernel: sizes differ: g " + n + ", m " + m.limit() + ", v "
                    + v.limit() + ", delta " + delta.limit());
        }
        // Every scalar is computed in double and rounded to float once, as torch rounds its Python floats.
        float c = (float) clip;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float a1 = (float) (1 - beta1);
        float a2 = (float) (1 - beta2);
        float bc2 = (float) bc2Sqrt;
        float e = (float) eps;
        float s = (float) stepSize;
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream range = IntStream.range(0, chunks);
        (chunks > 1 ? range.parallel() : range).forEach(chunk -> {
            int end = Math.min(n, (chunk + 1) * CHUNK);
            for (int i = chunk * CHUNK; i < end; i++) {
                float gi = c == 1f ? g.get(i) : g.get(i) * c;
                float mi = Math.fma(a1, gi, m.get(i) * b1);
                float vi = v.get(i) * b2 + (a2 * gi) * gi;
                m.put(i, mi);
                v.put(i, vi);
                float denom = (float) Math.sqrt(vi) / bc2 + e;
                delta.put(i, s * mi / denom);
            }
        });
    }

    static FloatBuffer floats(java.nio.ByteBuffer b) {
        return b.order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
