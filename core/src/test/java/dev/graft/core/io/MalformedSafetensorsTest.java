package dev.graft.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Each malformation is refused at open time with one message naming the file and the offending key or field. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedSafetensorsTest {
    private static final String NAME = "bad.safetensors";

    @TempDir
    Path dir;

    private AbstractThrowableAssert<?, ? extends Throwable> assertOpenFails(Path file) {
        return assertThatThrownBy(() -> SafetensorsFile.open(file).close())
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining(NAME);
    }

    private Path craft(String json, int dataBytes) {
        return TestFiles.craft(dir.resolve(NAME), json, dataBytes);
    }

    @Test
    @Order(1)
    void truncatedFile() {
        assertOpenFails(TestFiles.write(dir.resolve(NAME), new byte[] {1, 2, 3, 4, 5}))
                .hasMessageContaining("truncated").hasMessageContaining("5 bytes");
    }

    @Test
    @Order(2)
    void headerLengthPastEndOfFile() {
        byte[] bytes = {(byte) 0xE8, 0x03, 0, 0, 0, 0, 0, 0, '{', '}'}; // claims 1000 header bytes, has 2
        assertOpenFails(TestFiles.write(dir.resolve(NAME), bytes))
                .hasMessageContaining("header length 1000").hasMessageContaining("past the end");
    }

    @Test
    @Order(3)
    void invalidJsonHeader() {
        assertOpenFails(craft("{\"w\": {\"dtype\": \"F32\",", 0)).hasMessageContaining("not valid JSON");
    }

    @Test
    @Order(4)
    void headerNotAnObject() {
        assertOpenFails(craft("[1, 2]", 0)).hasMessageContaining("JSON object").hasMessageContaining("array");
    }

    @Test
    @Order(5)
    void offsetsOutsideTheData() {
        assertOpenFails(craft("{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}", 4))
                .hasMessageContaining("'w'").hasMessageContaining("outside the data").hasMessageContaining("4 bytes");
    }

    @Test
    @Order(6)
    void overlappingOffsetsNameBothTensors() {
        assertOpenFails(craft("{\"first\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"second\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", 12))
                .hasMessageContaining("'first'").hasMessageContaining("'second'").hasMessageContaining("overlap");
    }

    @Test
    @Order(7)
    void unknownDtype() {
        assertOpenFails(craft("{\"w\": {\"dtype\": \"Q4_K\", \"shape\": [2], \"data_offsets\": [0, 1]}}", 1))
                .hasMessageContaining("'w'").hasMessageContaining("Q4_K");
    }

    @Test
    @Order(8)
    void shapeDisagreesWithByteCount() {
        assertOpenFails(craft("{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 8))
                .hasMessageContaining("'w'").hasMessageContaining("needs 12 bytes").hasMessageContaining("hold 8");
    }

    @Test
    @Order(9)
    void missingDataOffsets() {
        assertOpenFails(craft("{\"w\": {\"dtype\": \"F32\", \"shape\": [2]}}", 8))
                .hasMessageContaining("'w'").hasMessageContaining("data_offsets");
    }

    @Test
    @Order(10)
    void negativeOffset() {
        assertOpenFails(craft("{\"w\": {\"dtype\": \"U8\", \"shape\": [1], \"data_offsets\": [-1, 0]}}", 8))
                .hasMessageContaining("'w'").hasMessageContaining("data_offsets").hasMessageContaining("non-negative");
    }

    @Test
    @Order(11)
    void beginAfterEnd() {
        assertOpenFails(craft("{\"w\": {\"dtype\": \"U8\", \"shape\": [1], \"data_offsets\": [4, 3]}}", 8))
                .hasMessageContaining("'w'").hasMessageContaining("[4, 3]");
    }

    @Test
    @Order(12)
    void shapeOfWrongType() {
        assertOpenFails(craft("{\"w\": {\"dtype\": \"U8\", \"shape\": \"2\", \"data_offsets\": [0, 2]}}", 8))
                .hasMessageContaining("'w'").hasMessageContaining("\"shape\" must be");
    }

    @Test
    @Order(13)
    void nonStringMetadata() {
        assertOpenFails(craft("{\"__metadata__\": {\"step\": 3}}", 0))
                .hasMessageContaining("__metadata__").hasMessageContaining("'step'");
    }

    @Test
    @Order(14)
    void duplicateKey() {
        assertOpenFails(craft("{\"w\": {\"dtype\": \"U8\", \"shape\": [1], \"data_offsets\": [0, 1]},"
                + " \"w\": {\"dtype\": \"U8\", \"shape\": [1], \"data_offsets\": [1, 2]}}", 2))
                .hasMessageContaining("not valid JSON").hasMessageContaining("'w'");
    }

    /** Malformed files are refused in Java, before any bytes reach the native engine, which must still work. */
    @Test
    @Order(100)
    void engineStillWorksAfterTheBadInputs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1f, 2f, 3f, 4f});
            assertThat(x.sum().getFloat()).isEqualTo(10f);
        }
    }
}
