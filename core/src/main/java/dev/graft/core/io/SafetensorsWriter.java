package dev.graft.core.io;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Writes safetensors files that the Hugging Face reference reader accepts.
 *
 * <p>Layout follows the reference writer: {@code __metadata__} then the tensors by name in the header, the header
 * padded with spaces to a multiple of 8 bytes, and the data ordered by element size (largest first), then name, with
 * no gaps. That order keeps every tensor aligned to its element size without padding, which the reference reader
 * would reject.
 *
 * <p>Writes are atomic: the file is written to a temporary file in the same directory, forced to disk, then moved over
 * the target, so a crash mid-save leaves the previous checkpoint intact rather than a truncated one.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    /** One tensor to write; the bytes are fetched only when it is written, so arrays are copied out one at a time. */
    private record Entry(String name, DType dtype, long[] shape, Supplier<ByteBuffer> data) {
        long byteLength() {
            return TensorInfo.byteCount(shape, dtype);
        }
    }

    /**
     * Writes DJL arrays: FLOAT32/FLOAT64/FLOAT16/INT64/INT32/INT16/INT8/UINT8/BOOLEAN as the matching dtype
     * (see {@link DType#of}).
     *
     * @throws IllegalArgumentException for a dtype safetensors cannot hold, or the reserved key {@code __metadata__}
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) {
        List<Entry> entries = new ArrayList<>();
        new TreeMap<>(tensors).forEach((name, array) -> entries.add(new Entry(name,
                DType.of(array.getDataType(), name), array.getShape().getShape(),
                // DJL hands out native order; like the engine itself, we assume a little-endian host
                () -> array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN))));
        write(file, entries, metadata);
    }

    /** Writes tensors given as bytes, in any {@link DType} (BF16 included). */
    public static void writeRaw(Path file, Map<String, RawTensor> tensors, Map<String, String> metadata) {
        List<Entry> entries = new ArrayList<>();
        new TreeMap<>(tensors).forEach((name, t) -> entries.add(new Entry(name, t.dtype(), t.shape(), t::data)));
        write(file, entries, metadata);
    }

    private static void write(Path file, List<Entry> byName, Map<String, String> metadata) {
        for (Entry e : byName) {
            if (e.name().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException(file + ": '" + e.name() + "' is reserved and cannot name a tensor");
            }
        }
        List<Entry> dataOrder = new ArrayList<>(byName);
        dataOrder.sort(Comparator.comparingInt((Entry e) -> -e.dtype().bytes()).thenComparing(Entry::name));
        byte[] header = header(byName, dataOrder, metadata);

        Path target = file.toAbsolutePath();
        // Not Files.createTempFile: it creates owner-only (0600) files, and the checkpoint should get the usual mode.
        Path temp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            // `graft forward --output out/x.safetensors` in a fresh clone: make out/ rather than fail on it.
            Files.createDirectories(target.getParent());
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeFully(out, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length));
                writeFully(out, ByteBuffer.wrap(header));
                for (Entry e : dataOrder) {
                    ByteBuffer data = e.data().get();
                    if (data.remaining() != e.byteLength()) {
                        throw new IllegalStateException(file + ": tensor '" + e.name() + "' gave " + data.remaining()
                                + " bytes, expected " + e.byteLength());
                    }
                    writeFully(out, data);
                }
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteAfterFailure(temp, e);
            throw new UncheckedIOException("cannot write safetensors file " + file + ": " + IoReason.of(e), e);
        } catch (RuntimeException e) {
            deleteAfterFailure(temp, e);
            throw e;
        }
        syncDirectory(target.getParent());
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes so the data section starts 8-aligned. */
    private static byte[] header(List<Entry> byName, List<Entry> dataOrder, Map<String, String> metadata) {
        Map<String, long[]> offsets = new TreeMap<>();
        long offset = 0;
        for (Entry e : dataOrder) {
            offsets.put(e.name(), new long[] {offset, offset + e.byteLength()});
            offset += e.byteLength();
        }
        ObjectNode root = SafetensorsHeader.JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafetensorsHeader.METADATA_KEY);
            new TreeMap<>(metadata).forEach(meta::put);
        }
        for (Entry e : byName) {
            ObjectNode node = root.putObject(e.name());
            node.put("dtype", e.dtype().name());
            ArrayNode shape = node.putArray("shape");
            Arrays.stream(e.shape()).forEach(shape::add);
            ArrayNode range = node.putArray("data_offsets");
            Arrays.stream(offsets.get(e.name())).forEach(range::add);
        }
        byte[] json;
        try {
            json = SafetensorsHeader.JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a safetensors header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static void writeFully(FileChannel out, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            out.write(data);
        }
    }

    private static void deleteAfterFailure(Path temp, Exception failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Forces the rename itself to disk. Best effort: some platforms cannot open a directory for sync, and by now the
     * data are safely written, so failing the save here would be worse than the small window it closes.
     */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // see above: not worth failing a completed save for
        }
    }
}
