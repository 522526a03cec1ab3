package dev.graft.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW: Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019, "Decoupled Weight Decay
 * Regularization", Algorithm 2), step for step the arithmetic of {@code torch.optim.AdamW}:
 *
 * <pre>
 *   θ ← θ · (1 − lr·λ)                       (decay, only for parameters in the decay group)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   θ ← θ − (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + ε)      (ε outside the square root)
 * </pre>
 *
 * Updates are in place on the parameter arrays; the moments live beside them, one pair per parameter,
 * created at the first step. Call {@link #step} outside a gradient collector (grad mode off). On the
 * CPU the moments and the step come from one pass over memory ({@link AdamWKernel}); elsewhere from
 * elementwise NDArray ops.
 */
public final class AdamW {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private long step;

    public AdamW(double beta1, double beta2, double eps, double weightDecay) {
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
            throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (eps <= 0 || weightDecay < 0) {
            throw new IllegalArgumentException("eps must be > 0 and weight decay >= 0, got " + eps + ", " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** torch's defaults: betas (0.9, 0.999), eps 1e-8. */
    public static AdamW withDecay(double weightDecay) {
        return new AdamW(0.9, 0.999, 1e-8, weightDecay);
    }

    /** Steps taken so far (t in the bias corrections). */
    public long steps() {
        return step;
    }

    /**
     * One update of every parameter in {@code params} with its gradient times {@code gradScale} (the
     * clipping coefficient; 1 for none).
     */
    public void step(List<TrainableParameter> params, double lr, double gradScale) {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        double stepSize = lr / bc1;
        for (TrainableParameter p : params) {
            NDArray w = p.array();
            NDArray mt = m.computeIfAbsent(p.path(), k -> w.getManager().zeros(w.getShape(), w.getDataType()));
            NDArray vt = v.computeIfAbsent(p.path(), k -> w.getManager().zeros(w.getShape(), w.getDataType()));
            try (NDManager scope = w.getManager().newSubManager()) {
                NDArray g = own(scope, w.getGradient());
                if (p.decay() && weightDecay != 0) {
                    w.muli((float) (1 - lr * weightDecay));
                }
                if (w.getDevice().isGpu() || w.getDataType() != DataType.FLOAT32) {
                    stepWithArrayOps(w, g, mt, vt, scope, gradScale, bc2Sqrt, stepSize);
                    continue;
                }
                NDArray delta = scope.create(w.getShape(), DataType.FLOAT32); // uninitialised; the kernel fills it
                AdamWKernel.update(AdamWKernel.floats(g.toByteBuffer(true)), AdamWKernel.floats(mt.toByteBuffer(true)),
                        AdamWKernel.floats(vt.toByteBuffer(true)), AdamWKernel.floats(delta.toByteBuffer(true)),
                        gradScale, beta1, beta2, bc2Sqrt, eps, stepSize);
                w.subi(delta);
            }
        }
    }

    /** The same update by elementwise NDArray ops, for GPU and non-float32 parameters. */
    private void stepWithArrayOps(NDArray w, NDArray g, NDArray mt, NDArray vt, NDManager scope, double gradScale,
            double bc2Sqrt, double stepSize) {
        if (gradScale != 1.0) {
            g = own(scope, g.mul((float) gradScale));
        }
        mt.muli((float) beta1).addi(own(scope, g.mul((float) (1 - beta1))));
        vt.muli((float) beta2).addi(own(scope, own(scope, g.mul(g)).muli((float) (1 - beta2))));
        NDArray denom = own(scope, vt.sqrt()).divi((float) bc2Sqrt).addi((float) eps);
        w.subi(own(scope, own(scope, mt.div(denom)).muli((float) stepSize)));
    }

    /** The first moment of {@code path}, or null before its first step. */
    public NDArray firstMoment(String path) {
        return m.get(path);
    }

    public NDArray secondMoment(String path) {
        return v.get(path);
    }

    /** Moments by {@code m.<path>} / {@code v.<path>}, for a checkpoint. */
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        m.forEach((k, a) -> out.put("m." + k, a));
        v.forEach((k, a) -> out.put("v." + k, a));
        return out;
    }

    /** Restores moments written by {@link #state()} (copied into arrays beside each parameter) and the step. */
    public void restore(Map<String, float[]> moments, long steps, List<TrainableParameter> params) {
        m.clear();
        v.clear();
        for (TrainableParameter p : params) {
            float[] mv = moments.get("m." + p.path());
            float[] vv = moments.get("v." + p.path());
            if (mv == null || vv == null) {
                if (steps > 0) {
                    throw new IllegalStateException("optimizer state has no moments for " + p.path());
                }
                continue;
            }
            NDArray w = p.array();
            NDArray mt = w.getManager().zeros(w.getShape(), w.getDataType());
            NDArray vt = w.getManager().zeros(w.getShape(), w.getDataType());
            FinetuneJob.copyInto(mt, mv);
            FinetuneJob.copyInto(vt, vv);
            m.put(p.path(), mt);
            v.put(p.path(), vt);
        }
        this.step = steps;
    }

    private static NDArray own(NDManager scope, NDArray a) {
        a.attach(scope);
        return a;
    }
}
