package dev.graft.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Reader for one <a href="https://huggingface.co/docs/safetensors">safetensors</a> file.
 *
 * <p>Our own reader rather than DJL's because DJL decodes safetensors natively and aborts the JVM on BF16, the dtype
 * most recent checkpoints ship in; and because a checkpoint should not be read into one array. {@link #open} reads
 * and validates only the header ({@link SafetensorsHeader}); each tensor's bytes are then read on demand with a
 * positioned {@link FileChannel} read, with {@code long} offsets, so files past 2 GiB work and concurrent loads from
 * several threads are safe. A single tensor must still fit one Java buffer (under 2 GiB).
 *
 * <p>Data are little-endian on disk and DJL wants native order; like DJL's PyTorch engine, this assumes a
 * little-endian host.
 */
public final class SafetensorsFile implements TensorSource {
    /** Largest Java array or buffer we allocate; the JVM refuses arrays within a few elements of Integer.MAX_VALUE. */
    static final int MAX_BUFFER = Integer.MAX_VALUE - 8;

    private final Path file;
    private final FileChannel channel;
    private final SafetensorsHeader header;

    private SafetensorsFile(Path file, FileChannel channel, SafetensorsHeader header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
    }

    /**
     * Opens {@code file} and validates its header.
     *
     * @throws CheckpointFormatException if the header is malformed, naming the file and tensor key
     * @throws UncheckedIOException if the file cannot be read, naming the file
     */
    public static SafetensorsFile open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("safetensors file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open safetensors file " + file + ": " + IoReason.of(e), e);
        }
        try {
            return new SafetensorsFile(file, channel, SafetensorsHeader.read(file, channel));
        } catch (IOException e) {
            closeAfterFailure(channel, e);
            throw new UncheckedIOException("cannot read safetensors header of " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAfterFailure(channel, e);
            throw e;
        }
    }

    /** The file this reader was opened on. */
    public Path file() {
        return file;
    }

    @Override
    public Set<String> names() {
        return header.tensors().keySet();
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo info = header.tensors().get(name);
        if (info == null) {
            throw new IllegalArgumentException(file + ": no tensor '" + name + "' (the file holds "
                    + header.tensors().size() + " tensors)");
        }
        return info;
    }

    @Override
    public NDArray load(String name, NDManager manager) {
        TensorInfo info = info(name);
        Shape shape = new Shape(info.shape());
        if (info.dtype() == DType.F16 || info.dtype() == DType.BF16) {
            // widened here: DJL must never see BF16 bytes
            ByteBuffer floats = directBuffer(info, info.numel() * 4L);
            HalfFloats.widen(info.dtype(), read(info, false), floats.asFloatBuffer());
            return manager.create(floats, shape, info.dtype().loadedAs());
        }
        return manager.create(read(info, true), shape, info.dtype().loadedAs());
    }

    @Override
    public float[] readFloats(String name) {
        TensorInfo info = info(name);
        DType dtype = info.dtype();
        if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
            throw new IllegalArgumentException(file + ": tensor '" + name + "' is " + dtype
                    + "; readFloats reads F32, F16 and BF16 (use load for other dtypes)");
        }
        float[] values = new float[checkedLength(info, info.numel(), "elements")];
        HalfFloats.widen(dtype, read(info, false), FloatBuffer.wrap(values));
        return values;
    }

    @Override
    public long[] readLongs(String name) {
        TensorInfo info = info(name);
        long[] values = new long[checkedLength(info, info.numel(), "elements")];
        ByteBuffer bytes = read(info, false);
        switch (info.dtype()) {
            case I64 -> bytes.asLongBuffer().get(values);
            case I32 -> { for (int i = 0; i < values.length; i++) values[i] = bytes.getInt(); }
            case I16 -> { for (int i = 0; i < values.length; i++) values[i] = bytes.getShort(); }
            case I8 -> { for (int i = 0; i < values.length; i++) values[i] = bytes.get(); }
            case U8 -> { for (int i = 0; i < values.length; i++) values[i] = bytes.get() & 0xFF; }
            default -> throw new IllegalArgumentException(file + ": tensor '" + name + "' is " + info.dtype()
                    + "; readLongs reads I64, I32, I16, I8 and U8");
        }
        return values;
    }

    /** The tensor's raw bytes as stored (little-endian), e.g. to copy a tensor between files unchanged. */
    public ByteBuffer readBytes(String name) {
        return read(info(name), false);
    }

    @Override
    public Path fileOf(String name) {
        info(name); // the same error as every other lookup for an unknown name
        return file;
    }

    @Override
    public Map<String, String> metadata() {
        return header.metadata();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + IoReason.of(e), e);
        }
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + file + ", " + header.tensors().size() + " tensors]";
    }

    /** Reads a tensor's byte range into a new little-endian buffer, direct if it is going to DJL. */
    private ByteBuffer read(TensorInfo info, boolean direct) {
        if (!channel.isOpen()) {
            throw new IllegalStateException(file + " is closed; cannot read tensor '" + info.name() + "'");
        }
        long length = info.byteLength();
        ByteBuffer buffer = direct ? directBuffer(info, length)
                : ByteBuffer.allocate(checkedLength(info, length, "bytes")).order(ByteOrder.LITTLE_ENDIAN);
        try {
            SafetensorsHeader.readFully(channel, buffer, info.begin(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tensor '" + info.name() + "' from " + file + ": "
                    + e.getMessage(), e);
        }
        return buffer;
    }

    private ByteBuffer directBuffer(TensorInfo info, long length) {
        return ByteBuffer.allocateDirect(checkedLength(info, length, "bytes")).order(ByteOrder.nativeOrder());
    }

    /** Java buffers and arrays are int-indexed; a bigger tensor cannot be held in one. */
    private int checkedLength(TensorInfo info, long length, String unit) {
        if (length > MAX_BUFFER) {
            throw new UnsupportedOperationException(file + ": tensor '" + info.name() + "' " + info.dtype()
                    + Arrays.toString(info.shape()) + " needs " + length + " " + unit + " in one buffer; a single"
                    + " tensor over " + MAX_BUFFER + " " + unit + " cannot be loaded");
        }
        return (int) length;
    }

    private static void closeAfterFailure(FileChannel channel, Exception failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
