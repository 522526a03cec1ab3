package dev.graft.core.io;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Widening of 16-bit floats to {@code float}, done in Java because DJL's PyTorch engine aborts the JVM on BF16 data
 * and {@code Float.float16ToFloat} only arrived in Java 20.
 *
 * <p>BF16 (bfloat16) is the top half of an IEEE-754 binary32, so widening is a shift. F16 (IEEE-754 binary16: 1 sign,
 * 5 exponent bits with bias 15, 10 mantissa bits) needs its exponent rebased and its subnormals normalised. Both
 * conversions are exact: every 16-bit value is representable as a float.
 */
public final class HalfFloats {
    private HalfFloats() {}

    /** The float whose top 16 bits are {@code bits}. */
    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** The exact float value of an IEEE-754 binary16, including subnormals, infinities and NaN payloads. */
    public static float float16ToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0x1F) {
            // all-ones exponent: infinity (mantissa 0) or NaN, whose payload moves to the top of the f32 mantissa
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa × 2^-24, exact in float since mantissa < 2^10
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        // normal: rebase the exponent from bias 15 to bias 127
        return Float.intBitsToFloat(sign | ((exponent + (127 - 15)) << 23) | (mantissa << 13));
    }

    /**
     * Widens every element from {@code src} (little-endian bytes of {@code dtype}, position to limit) into
     * {@code dst}. F32 is copied as is.
     *
     * @throws IllegalArgumentException if {@code dtype} is not F32, F16 or BF16
     */
    static void widen(DType dtype, ByteBuffer src, FloatBuffer dst) {
        switch (dtype) {
            case F32 -> dst.put(src.asFloatBuffer());
            case F16 -> {
                while (src.remaining() >= 2) {
                    dst.put(float16ToFloat(src.getShort()));
                }
            }
            case BF16 -> {
                while (src.remaining() >= 2) {
                    dst.put(bfloat16ToFloat(src.getShort()));
                }
            }
            default -> throw new IllegalArgumentException("cannot widen " + dtype + " to float");
        }
    }
}
