package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A non-finite global gradient norm is reported with the parameters that caused it. */
class NonFiniteReportTest {
    @Test
    void namesTheParametersWithNonFiniteGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.ones(new ai.djl.ndarray.types.Shape(2, 2));
            NDArray b = m.ones(new ai.djl.ndarray.types.Shape(3));
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            List<TrainableParameter> params = List.of(
                    new TrainableParameter("layer.a", Parameter.builder().setName("a").setType(Parameter.Type.WEIGHT).optArray(a).build(), true),
                    new TrainableParameter("layer.b", Parameter.builder().setName("b").setType(Parameter.Type.BIAS).optArray(b).build(), false));
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(a.mul(Float.POSITIVE_INFINITY).sum().add(b.mul(2f).sum()));
            }
            assertThat(GradClip.globalNorm(params)).isInfinite();
            assertThat(GradClip.nonFinite(params, 5)).containsExactly("layer.a=Infinity");
            assertThat(new NonFiniteLossException(3, 0.5, Double.POSITIVE_INFINITY, GradClip.nonFinite(params, 5)))
                    .hasMessageContaining("non-finite gradient norm Infinity at step 3")
                    .hasMessageContaining("non-finite gradients in [layer.a=Infinity]");
        }
    }
}
