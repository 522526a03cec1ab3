package dev.graft.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The constants a gradient flows through must outlive the forward pass: between forward and backward
 * the garbage collector runs and freed native memory is handed out again (filled here with 0x7F bytes,
 * 3.4e38 as a float), as happens in a long training run.
 */
class ScalarsTest {
    /** d/dx Σ op(x, 4) for x = 1..6, computed with a collection and memory churn between forward and backward. */
    private static float[] gradientAfterChurn(BiFunction<NDArray, Float, NDArray> op) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6}).duplicate();
            x.setRequiresGradient(true);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray y;
                try (NDManager scope = m.newSubManager()) {
                    y = op.apply(x, 4f).sum();
                    y.attach(m);
                }
                churn();
                c.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    /** Collects until buffers released so far are freed, then takes and fills freed memory. */
    private static void churn() {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            WeakReference<Object> sentinel = new WeakReference<>(new Object());
            while (sentinel.get() != null) {
                System.gc();
            }
            try {
                Thread.sleep(20); // the cleaner thread frees the direct buffers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4 + (i % 4) * 4);
                while (b.hasRemaining()) {
                    b.put((byte) 0x7F);
                }
                keep.add(b);
            }
        }
    }

    @Test
    void productKeepsItsConstantForTheBackwardPass() {
        for (int run = 0; run < 5; run++) {
            assertThat(gradientAfterChurn(Scalars::mul)).containsExactly(4, 4, 4, 4, 4, 4);
        }
    }

    @Test
    void quotientKeepsItsConstantForTheBackwardPass() {
        for (int run = 0; run < 5; run++) {
            assertThat(gradientAfterChurn(Scalars::div)).containsExactly(0.25f, 0.25f, 0.25f, 0.25f, 0.25f, 0.25f);
        }
    }

    @Test
    void powerKeepsItsExponentForTheBackwardPass() {
        float[] g = gradientAfterChurn(Scalars::pow); // 4 x^3
        assertThat(g).containsExactly(4, 32, 108, 256, 500, 864);
    }

    /**
     * The bug {@link Scalars} works around, shown: DJL's own number overload loses its constant (10 of 10
     * runs here when this was written). If this starts failing, DJL keeps the constant alive now and
     * {@link Scalars} could go.
     */
    @Test
    void djlNumberOverloadLosesItsConstant() {
        int wrong = 0;
        for (int run = 0; run < 10; run++) {
            float[] g = gradientAfterChurn((x, v) -> x.mul(v));
            if (g[0] != 4f) {
                wrong++;
            }
        }
        System.out.println("NDArray.mul(Number): wrong gradient in " + wrong + " of 10 runs after churn");
        assertThat(wrong).as("runs of 10 where NDArray.mul(Number) gave a wrong gradient").isPositive();
    }
}
