package dev.graft.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.graft.core.testing.RefMath;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LayerNorm normalises each vector along the last axis alone, as transformer checkpoints expect. */
class LayerNormTest {
    private static final int SIZE = 4;
    private static final double EPS = 1e-5;

    /**
     * (2, 3, 4): every row has its own mean and spread (a shift of 100, a scale of 1e-2, a constant row
     * where only eps keeps the division finite), so normalising over more than the last axis shows.
     */
    private static final float[][][] X = {
        {{1, 2, 3, 4}, {100, 101, 103, 110}, {-0.01f, 0.02f, 0, 0.005f}},
        {{5, 5, 5, 5}, {-3, 7, -2, 0.5f}, {0.5f, -0.25f, 8, 1}},
    };
    private static final float[] WEIGHT = {1.5f, -0.5f, 2f, 0.75f};
    private static final float[] BIAS = {0.1f, -0.2f, 0f, 3f};

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
    void normalisesEachRowOverTheLastAxisOnly() {
        LayerNorm norm = new LayerNorm(SIZE, EPS);
        norm.initialize(manager, DataType.FLOAT32, new Shape(2, 3, SIZE));
        Map<String, Parameter> params = ParameterPaths.of(norm);
        params.get("weight").getArray().set(WEIGHT);
        params.get("bias").getArray().set(BIAS);

        NDArray x = manager.create(flatten(X), new Shape(2, 3, SIZE));
        float[] out = norm.apply(new ParameterStore(manager, false), x, false).toFloatArray();
        assertThat(out).hasSize(2 * 3 * SIZE);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                double[] row = new double[SIZE];
                for (int i = 0; i < SIZE; i++) {
                    row[i] = X[b][t][i];
                }
                double[] expected = RefMath.layerNorm(row, WEIGHT, BIAS, EPS);
                for (int i = 0; i < SIZE; i++) {
                    assertThat((double) out[(b * 3 + t) * SIZE + i]).as("[%d, %d, %d]", b, t, i)
                            .isCloseTo(expected[i], within(1e-5));
                }
            }
        }
    }

    @Test
    void constantRowGivesTheBias() {
        LayerNorm norm = new LayerNorm(SIZE, EPS);
        norm.initialize(manager, DataType.FLOAT32, new Shape(1, SIZE));
        ParameterPaths.of(norm).get("bias").getArray().set(BIAS);
        float[] out = norm.apply(new ParameterStore(manager, false), manager.create(new float[] {5, 5, 5, 5},
                new Shape(1, SIZE)), false).toFloatArray();
        assertThat(out).containsExactly(BIAS);
    }

    private static float[] flatten(float[][][] x) {
        float[] flat = new float[2 * 3 * SIZE];
        int k = 0;
        for (float[][] plane : x) {
            for (float[] row : plane) {
                for (float v : row) {
                    flat[k++] = v;
                }
            }
        }
        return flat;
    }
}
