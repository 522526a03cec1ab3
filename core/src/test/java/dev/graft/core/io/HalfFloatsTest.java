package dev.graft.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HalfFloatsTest {
    // bit patterns and the floats they denote exactly, worked out by hand from the IEEE-754 layouts
    private static final int[] BF16_BITS = {0x3F80, 0xC020, 0x7F7F, 0x0001, 0x7F80, 0xFF80, 0x7FC0, 0x3DCD, 0x8000};
    private static final float[] BF16_VALUES = {1.0f, -2.5f, 0x1.FEp127f, 0x1p-133f, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN, 0.10009765625f, -0.0f};

    private static final int[] F16_BITS = {0x3C00, 0xC100, 0x7BFF, 0x0001, 0x03FF, 0x0400, 0x7C00, 0xFC00, 0x7E00,
        0x2E66, 0x8000, 0x3555};
    private static final float[] F16_VALUES = {1.0f, -2.5f, 65504f, 0x1p-24f, 1023 * 0x1p-24f, 0x1p-14f,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0.0999755859375f, -0.0f, 0.333251953125f};

    @Test
    void bfloat16HandMadeValues() {
        for (int i = 0; i < BF16_BITS.length; i++) {
            assertThat(bitsOf(HalfFloats.bfloat16ToFloat((short) BF16_BITS[i])))
                    .as("bf16 0x%04X", BF16_BITS[i]).isEqualTo(bitsOf(BF16_VALUES[i]));
        }
    }

    @Test
    void float16HandMadeValues() {
        for (int i = 0; i < F16_BITS.length; i++) {
            assertThat(bitsOf(HalfFloats.float16ToFloat((short) F16_BITS[i])))
                    .as("f16 0x%04X", F16_BITS[i]).isEqualTo(bitsOf(F16_VALUES[i]));
        }
    }

    /** Every one of the 65536 patterns against the textbook formula, computed in double by a different route. */
    @Test
    void float16AllPatternsMatchTheDefinition() {
        for (int h = 0; h <= 0xFFFF; h++) {
            int sign = h >>> 15;
            int exponent = (h >>> 10) & 0x1F;
            int mantissa = h & 0x3FF;
            double magnitude = exponent == 0 ? Math.scalb((double) mantissa, -24)
                    : exponent == 0x1F ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                    : Math.scalb(1 + mantissa / 1024.0, exponent - 15);
            float expected = (float) (sign == 1 ? -magnitude : magnitude);
            float actual = HalfFloats.float16ToFloat((short) h);
            if (Float.isNaN(expected)) {
                assertThat(actual).as("f16 0x%04X", h).isNaN();
            } else {
                assertThat(bitsOf(actual)).as("f16 0x%04X", h).isEqualTo(bitsOf(expected));
            }
        }
    }

    @Test
    void bf16AndF16FilesLoadAsExactFloat32(@TempDir Path dir) {
        Path file = dir.resolve("half.safetensors");
        SafetensorsWriter.writeRaw(file, Map.of(
                "b", TestFiles.bits16(DType.BF16, BF16_BITS),
                "h", TestFiles.bits16(DType.F16, F16_BITS)), Map.of());
        try (SafetensorsFile in = SafetensorsFile.open(file); NDManager manager = NDManager.newBaseManager()) {
            assertThat(in.info("b").dtype()).isEqualTo(DType.BF16);
            assertThat(in.info("h").dtype()).isEqualTo(DType.F16);
            assertThat(bitsOf(in.readFloats("b"))).containsExactly(bitsOf(BF16_VALUES));
            assertThat(bitsOf(in.readFloats("h"))).containsExactly(bitsOf(F16_VALUES));

            NDArray b = in.load("b", manager);
            NDArray h = in.load("h", manager);
            assertThat(b.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(h.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(b.getShape()).isEqualTo(new Shape(BF16_BITS.length));
            assertThat(bitsOf(b.toFloatArray())).containsExactly(bitsOf(BF16_VALUES));
            assertThat(bitsOf(h.toFloatArray())).containsExactly(bitsOf(F16_VALUES));
        }
    }

    private static int bitsOf(float f) {
        return Float.floatToRawIntBits(f);
    }

    private static int[] bitsOf(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
