package dev.graft.core.testing;

import ai.djl.ndarray.NDArray;
import dev.graft.core.io.DType;
import dev.graft.core.io.RawTensor;
import dev.graft.core.io.SafetensorsFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Tensors as bytes, for building modified checkpoints and input files and for bit-exact comparisons. */
public final class Tensors {
    private Tensors() {}

    /** Every tensor of a safetensors file as stored (dtype, shape, bytes), by name. */
    public static Map<String, RawTensor> readAll(Path file) {
        Map<String, RawTensor> out = new TreeMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String name : f.names()) {
                out.put(name, new RawTensor(f.info(name).dtype(), f.info(name).shape(), f.readBytes(name)));
            }
        }
        return out;
    }

    /** Little-endian I64 tensor of the given shape. */
    public static RawTensor i64(long[] shape, long... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            data.putLong(v);
        }
        return new RawTensor(DType.I64, shape, data.flip());
    }

    /** A (rows, cols) I64 tensor from a rectangular Java array. */
    public static RawTensor i64(long[][] rows) {
        long[] flat = java.util.Arrays.stream(rows).flatMapToLong(java.util.Arrays::stream).toArray();
        return i64(new long[] {rows.length, rows[0].length}, flat);
    }

    /** The array's bytes in native order: equal bytes mean bit-identical values. */
    public static byte[] bytes(NDArray a) {
        return a.toByteArray();
    }
}
