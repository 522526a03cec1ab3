package dev.graft.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offsets past 2^31 and 2^32, without 5 GiB of disk: the data section is a sparse file (RandomAccessFile.setLength
 * allocates no blocks on Linux), with a few real bytes written far out. An int anywhere on the offset path would
 * truncate these positions and read the wrong bytes or none.
 */
class LargeOffsetTest {
    private static final long FILE_SIZE = 5L << 30;
    private static final long HUGE_BYTES = 2_200_000_000L; // over Integer.MAX_VALUE
    private static final long MID = HUGE_BYTES; // past 2^31
    private static final long FAR = (1L << 32) + 8; // past 2^32: an int cast would wrap to 8

    @TempDir
    Path dir;

    private static String header() {
        return "{\"huge\": {\"dtype\": \"U8\", \"shape\": [" + HUGE_BYTES + "], \"data_offsets\": [0, " + HUGE_BYTES
                + "]}, \"mid\": {\"dtype\": \"F32\", \"shape\": [2, 2], \"data_offsets\": [" + MID + ", " + (MID + 16)
                + "]}, \"far\": {\"dtype\": \"I64\", \"shape\": [2], \"data_offsets\": [" + FAR + ", " + (FAR + 16)
                + "]}}";
    }

    @Test
    void headerValidationKeepsLongOffsets() {
        byte[] json = header().getBytes(StandardCharsets.UTF_8);
        Path file = Path.of("synthetic.safetensors");
        SafetensorsHeader header = SafetensorsHeader.parse(file, json, 8 + json.length, FILE_SIZE);
        long dataStart = 8 + json.length;
        assertThat(header.tensors().get("far").begin()).isEqualTo(dataStart + FAR);
        assertThat(header.tensors().get("huge").numel()).isEqualTo(HUGE_BYTES);

        // the same header over a data section that ends before 'far' does
        assertThatThrownBy(() -> SafetensorsHeader.parse(file, json, 8 + json.length, FAR + 8))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("synthetic.safetensors").hasMessageContaining("'far'")
                .hasMessageContaining("[" + FAR + ", " + (FAR + 16) + "]").hasMessageContaining("outside the data");
    }

    @Test
    void readsTensorsPastTwoAndFourGibInASparseFile() throws IOException {
        Path file = dir.resolve("sparse.safetensors");
        byte[] json = header().getBytes(StandardCharsets.UTF_8);
        long dataStart = 8 + json.length;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(FILE_SIZE);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            raf.write(json);
            raf.seek(dataStart + MID);
            ByteBuffer mid = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            mid.putFloat(1.5f).putFloat(-2f).putFloat(3.25f).putFloat(4f);
            raf.write(mid.array());
            raf.seek(dataStart + FAR);
            raf.write(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(42L).putLong(-7L).array());
        }

        try (SafetensorsFile in = SafetensorsFile.open(file); NDManager manager = NDManager.newBaseManager()) {
            assertThat(in.info("far").begin()).isEqualTo(dataStart + FAR);
            assertThat(in.readLongs("far")).containsExactly(42L, -7L);
            assertThat(in.readFloats("mid")).containsExactly(1.5f, -2f, 3.25f, 4f);
            assertThat(in.load("far", manager).toLongArray()).containsExactly(42L, -7L);
            assertThat(in.load("mid", manager).toFloatArray()).containsExactly(1.5f, -2f, 3.25f, 4f);

            assertThatThrownBy(() -> in.readLongs("huge"))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("sparse.safetensors").hasMessageContaining("'huge'")
                    .hasMessageContaining(Long.toString(HUGE_BYTES));
            assertThatThrownBy(() -> in.load("huge", manager))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("'huge'");
        }
    }
}
