package dev.graft.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Helpers for crafting safetensors files byte by byte, malformed ones included. */
final class TestFiles {
    private TestFiles() {}

    /** Writes the 8-byte length of {@code json}, {@code json} itself, then {@code dataBytes} zero bytes. */
    static Path craft(Path file, String json, int dataBytes) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(header.length).put(header);
        return write(file, bytes.array());
    }

    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Little-endian F32 tensor of the given shape. */
    static RawTensor f32(long[] shape, float... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        return new RawTensor(DType.F32, shape, data.flip());
    }

    /** Little-endian 16-bit tensor (F16 or BF16) from raw bit patterns, one element per int. */
    static RawTensor bits16(DType dtype, int... bits) {
        ByteBuffer data = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int b : bits) {
            data.putShort((short) b);
        }
        return new RawTensor(dtype, new long[] {bits.length}, data.flip());
    }

    /** Little-endian I64 tensor of the given shape. */
    static RawTensor i64(long[] shape, long... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            data.putLong(v);
        }
        return new RawTensor(DType.I64, shape, data.flip());
    }

    /** A test resource as a path. */
    static Path resource(String name) {
        try {
            return Path.of(TestFiles.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    /** The 8-byte header length stored at the start of a safetensors file. */
    static long headerLength(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static long[] shape(long... dims) {
        return dims;
    }
}
