package dev.graft.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.graft.core.testing.RefMath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The activations against their formulas in doubles, and the names configs use for them. */
class ActivationTest {
    private static final float[] POINTS = {-6f, -3.5f, -2f, -1.25f, -0.5f, -1e-3f, 0f, 1e-3f, 0.3f, 1f, 1.7f, 3f, 5f};
    private static final double TOLERANCE = 1e-6;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void referenceErfIsRight() {
        // tabulated values (Abramowitz and Stegun, table 7.1), so the reference itself is checked
        assertThat(RefMath.erf(0.5)).isCloseTo(0.5204998778, within(1e-10));
        assertThat(RefMath.erf(1.0)).isCloseTo(0.8427007929, within(1e-10));
        assertThat(RefMath.erf(-2.0)).isCloseTo(-0.9953222650, within(1e-10));
    }

    @Test
    void geluIsTheErfForm() {
        float[] out = Activation.GELU.apply(manager.create(POINTS)).toFloatArray();
        for (int i = 0; i < POINTS.length; i++) {
            assertThat((double) out[i]).as("gelu(%s)", POINTS[i]).isCloseTo(RefMath.gelu(POINTS[i]),
                    within(TOLERANCE));
        }
    }

    @Test
    void geluNewIsTheTanhForm() {
        float[] out = Activation.GELU_NEW.apply(manager.create(POINTS)).toFloatArray();
        for (int i = 0; i < POINTS.length; i++) {
            assertThat((double) out[i]).as("gelu_new(%s)", POINTS[i]).isCloseTo(RefMath.geluTanh(POINTS[i]),
                    within(TOLERANCE));
        }
    }

    /** The two GELUs differ by up to ~5e-4, far above the tolerance, so swapping them cannot pass. */
    @Test
    void theTwoGelusAreDistinguishable() {
        double worst = 0;
        for (float x : POINTS) {
            worst = Math.max(worst, Math.abs(RefMath.gelu(x) - RefMath.geluTanh(x)));
        }
        assertThat(worst).isGreaterThan(100 * TOLERANCE);
    }

    @Test
    void reluClipsNegatives() {
        float[] out = Activation.RELU.apply(manager.create(POINTS)).toFloatArray();
        for (int i = 0; i < POINTS.length; i++) {
            assertThat(out[i]).as("relu(%s)", POINTS[i]).isEqualTo(Math.max(POINTS[i], 0f));
        }
    }

    @Test
    void hfNamesMapOntoActivations() {
        assertThat(Activation.fromHf("gelu")).isEqualTo(Activation.GELU);
        assertThat(Activation.fromHf("GELU")).isEqualTo(Activation.GELU);
        assertThat(Activation.fromHf("gelu_new")).isEqualTo(Activation.GELU_NEW);
        assertThat(Activation.fromHf("gelu_pytorch_tanh")).isEqualTo(Activation.GELU_NEW);
        assertThat(Activation.fromHf("relu")).isEqualTo(Activation.RELU);
    }

    @Test
    void unknownNameIsRefusedWithTheSupportedNames() {
        assertThatThrownBy(() -> Activation.fromHf("swish")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported activation 'swish'")
                .hasMessageContaining("supported: gelu, gelu_new, relu, gelu_pytorch_tanh");
        // close to gelu_new but not equal, so refused rather than approximated
        assertThatThrownBy(() -> Activation.fromHf("gelu_fast")).hasMessageContaining("'gelu_fast'");
    }
}
