package dev.graft.core.io;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor as bytes, for {@link SafetensorsWriter#writeRaw}: any {@link DType}, including BF16 and F16, with no
 * engine involved.
 *
 * @param dtype element type
 * @param shape dimensions, row-major; empty for a scalar
 * @param data the elements in little-endian byte order, from position to limit; exactly numel × dtype size bytes
 */
public record RawTensor(DType dtype, long[] shape, ByteBuffer data) {

    public RawTensor {
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        data = data.duplicate(); // our own position and limit, so writing does not move the caller's
        long expected = TensorInfo.byteCount(shape, dtype);
        if (data.remaining() != expected) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + expected + " bytes, but the buffer holds " + data.remaining());
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawTensor t && dtype == t.dtype && Arrays.equals(shape, t.shape) && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), data);
    }

    @Override
    public String toString() {
        return "RawTensor[" + dtype + Arrays.toString(shape) + ", " + data.remaining() + " bytes]";
    }
}
