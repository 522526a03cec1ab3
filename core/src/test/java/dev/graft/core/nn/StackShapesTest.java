package dev.graft.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The stacks' declared output shapes are those their forward passes produce. */
class StackShapesTest {
    private static final LayerSpec SPEC = new LayerSpec(16, 2, 32, Activation.RELU, 1e-5, 0f, 0f, 0f, false);

    @Test
    void encoderAndDecoderStacksDeclareWhatTheyReturn() {
        try (NDManager m = NDManager.newBaseManager()) {
            EncoderStack enc = new EncoderStack(SPEC, 3, true);
            enc.initialize(m, DataType.FLOAT32, new Shape(2, 5, 16));
            NDList encOut = enc.forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 5, 16))), false);
            assertThat(encOut.getShapes()).containsExactly(enc.getOutputShapes(new Shape[] {new Shape(2, 5, 16)}));

            DecoderStack dec = new DecoderStack(SPEC, 2, false);
            dec.initialize(m, DataType.FLOAT32, new Shape(2, 4, 16));
            Shape[] in = {new Shape(2, 4, 16), new Shape(2, 5, 16)};
            NDList decOut = dec.forward(new ParameterStore(m, false), new NDList(m.randomNormal(in[0]), m.randomNormal(in[1]),
                    Masks.causal(m, 4, 4), m.zeros(new Shape(2, 1, 1, 5))), false);
            assertThat(decOut.getShapes()).containsExactly(dec.getOutputShapes(in));
            assertThat(decOut).hasSize(3);
        }
    }
}
