package dev.graft.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void ndArraysRoundTripBitIdentical() throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("w", manager.create(new float[] {1.5f, -0.0f, Float.NaN, Float.MIN_VALUE, 3e38f, -7f},
                new Shape(2, 3)));
        tensors.put("ids", manager.create(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}));
        tensors.put("mask", manager.create(new int[] {1, 0, Integer.MIN_VALUE, 42}, new Shape(2, 2)));
        tensors.put("d", manager.create(new double[] {Math.PI, -1e-300}));
        tensors.put("i8", manager.create(new byte[] {-128, 0, 127}));
        tensors.put("u8", manager.create(new byte[] {(byte) 255, 0, 7}).toType(DataType.UINT8, false));
        tensors.put("flags", manager.create(new boolean[] {true, false, true}));
        tensors.put("scalar", manager.create(2.25f));
        tensors.put("empty", manager.create(new Shape(0, 3), DataType.FLOAT32));
        // non-contiguous view: the writer must store the logical (transposed) order
        tensors.put("wT", manager.arange(6f).reshape(2, 3).transpose());
        Map<String, String> metadata = Map.of("format", "pt", "graft", "round trip ✓");

        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, tensors, metadata);

        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            assertThat(in.names()).containsExactlyElementsOf(tensors.keySet().stream().sorted().toList());
            assertThat(in.metadata()).isEqualTo(metadata);
            for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
                NDArray expected = e.getValue();
                NDArray actual = in.load(e.getKey(), manager);
                assertThat(actual.getDataType()).as(e.getKey()).isEqualTo(expected.getDataType());
                assertThat(actual.getShape()).as(e.getKey()).isEqualTo(expected.getShape());
                assertThat(actual.toByteBuffer()).as(e.getKey()).isEqualTo(expected.toByteBuffer());
            }
            assertThat(in.load("wT", manager).toFloatArray()).containsExactly(0f, 3f, 1f, 4f, 2f, 5f);
            assertThat(in.readLongs("ids")).containsExactly(Long.MIN_VALUE, -1, 0, Long.MAX_VALUE);
            assertThat(in.readLongs("mask")).containsExactly(1, 0, Integer.MIN_VALUE, 42);
            assertThat(in.readLongs("u8")).containsExactly(255, 0, 7);
            assertThat(bits(in.readFloats("w"))).containsExactly(bits(tensors.get("w").toFloatArray()));
            assertThat(in.info("scalar").shape()).isEmpty();
            assertThat(in.info("scalar").numel()).isEqualTo(1);
            assertThat(in.info("empty").numel()).isZero();
        }
        assertThat(TestFiles.headerLength(file) % 8).isZero();
    }

    /** The reference reader wants the data packed with no gaps, each tensor aligned to its element size. */
    @Test
    void layoutMatchesTheReferenceWriter() throws IOException {
        Path file = dir.resolve("layout.safetensors");
        SafetensorsWriter.writeRaw(file, Map.of(
                "a_bytes", new RawTensor(DType.U8, new long[] {3}, ByteBuffer.wrap(new byte[] {1, 2, 3})),
                "b_half", TestFiles.bits16(DType.BF16, 0x3F80, 0x4000, 0x4040),
                "c_float", TestFiles.f32(new long[] {2}, 1f, 2f),
                "d_long", TestFiles.i64(new long[] {1}, 9L)), Map.of());
        long headerLength = TestFiles.headerLength(file);
        String header = new String(Files.readAllBytes(file), 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(header).endsWith("}" + " ".repeat(header.length() - header.stripTrailing().length()));
        assertThat(header.indexOf("a_bytes")).isLessThan(header.indexOf("b_half"));
        assertThat(header.indexOf("c_float")).isLessThan(header.indexOf("d_long"));

        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            long dataStart = 8 + headerLength;
            assertThat(dataStart % 8).isZero();
            List<TensorInfo> infos = new ArrayList<>(in.names().stream().map(in::info).toList());
            infos.sort(Comparator.comparingLong(TensorInfo::begin));
            assertThat(infos).extracting(TensorInfo::name).containsExactly("d_long", "c_float", "b_half", "a_bytes");
            long expectedBegin = dataStart;
            for (TensorInfo t : infos) {
                assertThat(t.begin()).as(t.name()).isEqualTo(expectedBegin);
                assertThat((t.begin() - dataStart) % t.dtype().bytes()).as(t.name()).isZero();
                expectedBegin = t.end();
            }
            assertThat(expectedBegin).isEqualTo(Files.size(file));
            assertThat(in.readLongs("a_bytes")).containsExactly(1, 2, 3);
            assertThat(in.readFloats("b_half")).containsExactly(1f, 2f, 3f);
        }
    }

    @Test
    void float16ArraysAreWrittenAsF16AndLoadWidened() {
        NDArray half = manager.create(new float[] {1f, -2.5f, 65504f, 0.5f}).toType(DataType.FLOAT16, false);
        Path file = dir.resolve("f16.safetensors");
        SafetensorsWriter.write(file, Map.of("h", half), Map.of());
        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            assertThat(in.info("h").dtype()).isEqualTo(DType.F16);
            NDArray loaded = in.load("h", manager);
            assertThat(loaded.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(loaded.toFloatArray()).containsExactly(1f, -2.5f, 65504f, 0.5f);
        }
    }

    @Test
    void rewriteReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        SafetensorsWriter.write(file, Map.of("x", manager.create(new float[] {1f})), Map.of());
        SafetensorsWriter.write(file, Map.of("y", manager.create(new float[] {2f, 3f})), Map.of("step", "2"));
        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            assertThat(in.names()).containsExactly("y");
            assertThat(in.readFloats("y")).containsExactly(2f, 3f);
            assertThat(in.metadata()).containsEntry("step", "2");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void missingParentDirectoriesAreMade() {
        Path file = dir.resolve("out/run/ckpt.safetensors");
        SafetensorsWriter.write(file, Map.of("x", manager.create(new float[] {4f})), Map.of());
        try (SafetensorsFile in = SafetensorsFile.open(file)) {
            assertThat(in.readFloats("x")).containsExactly(4f);
        }
    }

    @Test
    void aParentThatIsAFileIsAClearError() throws IOException {
        Path blocker = Files.writeString(dir.resolve("out"), "not a directory");
        Path file = blocker.resolve("ckpt.safetensors");
        assertThatThrownBy(() -> SafetensorsWriter.write(file, Map.of("x", manager.create(new float[] {4f})), Map.of()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write safetensors file " + file + ": " + blocker + ": already exists");
    }

    @Test
    void failedWriteKeepsThePreviousFile() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        SafetensorsWriter.write(file, Map.of("x", manager.create(new float[] {1f})), Map.of());
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> SafetensorsWriter.writeRaw(file,
                Map.of("__metadata__", TestFiles.f32(new long[] {1}, 1f)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    /** Checked on the type alone: in our tests, merely converting an array to BFLOAT16 in DJL aborted the JVM. */
    @Test
    void bfloat16ArraysAreRefusedByType() {
        assertThatThrownBy(() -> DType.of(DataType.BFLOAT16, "bad")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad'").hasMessageContaining("BFLOAT16");
    }

    @Test
    void unknownNameMissingFileAndClosedFileGiveClearErrors() {
        assertThatThrownBy(() -> SafetensorsFile.open(dir.resolve("absent.safetensors")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("absent.safetensors")
                .hasMessageContaining("does not exist");
        Path file = dir.resolve("one.safetensors");
        SafetensorsWriter.writeRaw(file, Map.of("x", TestFiles.f32(new long[] {1}, 1f)), Map.of());
        SafetensorsFile in = SafetensorsFile.open(file);
        assertThatThrownBy(() -> in.info("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one.safetensors").hasMessageContaining("'nope'");
        assertThatThrownBy(() -> in.readLongs("x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'").hasMessageContaining("F32");
        in.close();
        assertThatThrownBy(() -> in.readFloats("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one.safetensors").hasMessageContaining("closed");
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
