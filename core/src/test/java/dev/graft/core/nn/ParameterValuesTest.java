package dev.graft.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.graft.core.engine.GraftEngine;
import org.junit.jupiter.api.Test;

class ParameterValuesTest {
    @Test
    void zeroGradientClearsEvenNonFiniteGradientsAndLeavesNoArrayBehind() {
        try (NDManager m = GraftEngine.engine().newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 2f, 3f});
            w.setRequiresGradient(true);
            try (NDManager scope = m.newSubManager();
                    GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(w.mul(scope.create(new float[] {Float.NaN, 5f, Float.POSITIVE_INFINITY})).sum());
            }
            try (NDArray g = w.getGradient()) {
                assertThat(g.toFloatArray()[1]).isEqualTo(5f);
            }
            int arrays = m.getManagedArrays().size();
            ParameterValues.zeroGradient(w);
            assertThat(m.getManagedArrays()).hasSize(arrays);
            try (NDArray g = w.getGradient()) {
                assertThat(g.toFloatArray()).containsExactly(0f, 0f, 0f);
            }
        }
    }
}
