package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clipping, AdamW and the schedule against hand computations. */
class OptimizerMathTest {
    /** Gives each parameter the gradient {@code grads[i]} by backpropagating Σ_i Σ w_i · c_i. */
    private static void setGradients(NDManager m, List<TrainableParameter> params, float[][] grads) {
        for (TrainableParameter p : params) {
            if (p.array().hasGradient()) {
                try (NDArray g = p.array().getGradient()) {
                    g.set(new NDIndex("..."), 0f);
                }
            }
        }
        try (NDManager scope = m.newSubManager(); GradientCollector c = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (int i = 0; i < params.size(); i++) {
                NDArray w = params.get(i).array();
                NDArray term = w.mul(scope.create(grads[i], w.getShape())).sum();
                loss = loss == null ? term : loss.add(term);
            }
            c.backward(loss);
        }
    }

    private static TrainableParameter param(NDManager m, String name, float[] values, long... shape) {
        NDArray a = m.create(values, new ai.djl.ndarray.types.Shape(shape));
        a.setRequiresGradient(true);
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(a).build();
        return TrainableParameter.of(name, p);
    }

    @Test
    void globalNormAndCoefficientMatchAHandComputation() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<TrainableParameter> ps = List.of(param(m, "w", new float[] {1, 2, 3, 4}, 2, 2),
                    param(m, "b", new float[] {0, 0}, 2));
            setGradients(m, ps, new float[][] {{1, -2, 2, 0}, {4, -2}});
            double norm = GradClip.globalNorm(ps);
            assertThat(norm).isCloseTo(Math.sqrt(1 + 4 + 4 + 0 + 16 + 4), within(1e-6)); // sqrt(29)
            assertThat(GradClip.coefficient(norm, 1.0)).isCloseTo(1.0 / (Math.sqrt(29) + 1e-6), within(1e-9));
            assertThat(GradClip.coefficient(norm, 10.0)).isEqualTo(1.0); // under the limit: untouched
            assertThat(GradClip.coefficient(norm, 0)).isEqualTo(1.0); // off
        }
    }

    @Test
    void adamWMatchesTorchsUpdateRuleOverTwoSteps() {
        double lr = 0.1, wd = 0.5, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        float[] w0 = {0.5f, -1.0f, 2.0f};
        float[] g = {0.3f, -0.2f, 1.5f};
        try (NDManager m = NDManager.newBaseManager()) {
            TrainableParameter w = param(m, "w", w0.clone(), 3, 1); // 2-D: decayed
            TrainableParameter b = param(m, "b", w0.clone(), 3); // 1-D: not decayed
            assertThat(w.decay()).isTrue();
            assertThat(b.decay()).isFalse();
            AdamW opt = new AdamW(b1, b2, eps, wd);
            for (int t = 1; t <= 2; t++) {
                setGradients(m, List.of(w, b), new float[][] {g, g});
                opt.step(List.of(w, b), lr, 0.5); // gradients halved, as clipping would
            }
            double[] ew = new double[3];
            double[] eb = new double[3];
            for (int i = 0; i < 3; i++) {
                ew[i] = handAdamW(w0[i], g[i] * 0.5, lr, wd, b1, b2, eps);
                eb[i] = handAdamW(w0[i], g[i] * 0.5, lr, 0, b1, b2, eps);
            }
            float[] gotW = w.array().toFloatArray();
            float[] gotB = b.array().toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertThat((double) gotW[i]).isCloseTo(ew[i], within(1e-6));
                assertThat((double) gotB[i]).isCloseTo(eb[i], within(1e-6));
            }
            assertThat(opt.steps()).isEqualTo(2);
        }
    }

    /** Two steps of torch.optim.AdamW on one scalar with a constant gradient. */
    private static double handAdamW(double w, double g, double lr, double wd, double b1, double b2, double eps) {
        double m = 0, v = 0;
        for (int t = 1; t <= 2; t++) {
            w *= 1 - lr * wd;
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double denom = Math.sqrt(v) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
            w -= lr / (1 - Math.pow(b1, t)) * m / denom;
        }
        return w;
    }

    @Test
    void warmupThenLinearOrCosineDecay() {
        LrSchedule linear = new LrSchedule(LrSchedule.Decay.LINEAR, 1.0, 4, 10);
        assertThat(linear.lr(1)).isEqualTo(0.0); // HF: the first update runs at factor 0/warmup
        assertThat(linear.lr(3)).isEqualTo(0.5);
        assertThat(linear.lr(5)).isEqualTo(1.0);
        assertThat(linear.lr(8)).isCloseTo(0.5, within(1e-12)); // (10 − 7) / 6
        assertThat(linear.lr(11)).isEqualTo(0.0);
        LrSchedule cosine = new LrSchedule(LrSchedule.Decay.COSINE, 1.0, 0, 10);
        assertThat(cosine.lr(1)).isEqualTo(1.0);
        assertThat(cosine.lr(6)).isCloseTo(0.5, within(1e-12));
    }
}
