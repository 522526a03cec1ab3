package dev.graft.core.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where one tensor lives in a safetensors file.
 *
 * <p>{@code begin} and {@code end} are <em>absolute</em> byte positions in the file ({@link TensorSource#fileOf}),
 * not the header's {@code data_offsets}, which count from the start of the data section: absolute positions are what
 * a positioned read needs, so no caller has to know the header length. Offsets are {@code long} because checkpoints
 * pass 2 GiB.
 *
 * @param name the tensor's key in the header, e.g. {@code bert.embeddings.word_embeddings.weight}
 * @param dtype element type as stored in the file
 * @param shape dimensions, row-major; empty for a scalar
 * @param begin absolute position of the first byte
 * @param end absolute position one past the last byte
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone(); // the record must not change under the caller's array
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("tensor '" + name + "': bad byte range [" + begin + ", " + end + ")");
        }
        long expected = byteCount(shape, dtype);
        if (expected != end - begin) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape) + " of "
                    + dtype + " needs " + expected + " bytes, but the range holds " + (end - begin));
        }
    }

    /** Element count, the product of the shape (1 for a scalar). */
    public long numel() {
        return numel(shape);
    }

    /** Bytes the tensor occupies in the file, {@code end - begin}. */
    public long byteLength() {
        return end - begin;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " @[" + begin + ", " + end + ")";
    }

    /** Product of the dimensions; throws ArithmeticException on overflow or IllegalArgumentException if negative. */
    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes a tensor of this shape and dtype occupies; throws ArithmeticException on overflow. */
    static long byteCount(long[] shape, DType dtype) {
        return Math.multiplyExact(numel(shape), (long) dtype.bytes());
    }
}
