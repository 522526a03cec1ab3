package dev.graft.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed Hugging Face fixtures (written by the reference safetensors library) must read correctly. */
class FixtureCheckpointTest {
    private static final String WORD_EMBEDDINGS = "bert.embeddings.word_embeddings.weight";

    private final Path bf16Dir = TestFiles.resource("/fixtures/hf/bert-seqcls-bf16");
    private final Path f32Dir = TestFiles.resource("/fixtures/hf/bert-seqcls");

    @Test
    void bf16AndF32CheckpointsHoldTheSameTensorsWithinBf16Rounding() {
        try (TensorSource bf16 = SafetensorsFile.open(bf16Dir.resolve("model.safetensors"));
                TensorSource f32 = SafetensorsFile.open(f32Dir.resolve("model.safetensors"))) {
            assertThat(bf16.names()).contains(WORD_EMBEDDINGS, "classifier.weight").isEqualTo(f32.names());
            assertThat(bf16.info(WORD_EMBEDDINGS).dtype()).isEqualTo(DType.BF16);
            assertThat(f32.info(WORD_EMBEDDINGS).dtype()).isEqualTo(DType.F32);
            assertThat(bf16.info(WORD_EMBEDDINGS).shape()).containsExactly(1000, 64);

            int rounded = 0;
            for (String name : bf16.names()) {
                assertThat(bf16.info(name).shape()).as(name).isEqualTo(f32.info(name).shape());
                float[] narrow = bf16.readFloats(name);
                float[] wide = f32.readFloats(name);
                for (int i = 0; i < wide.length; i++) {
                    // round-to-nearest into 8 significant bits is off by at most 2^-9 relative; 2^-8 leaves margin
                    assertThat(Math.abs(narrow[i] - wide[i])).as("%s[%d]", name, i)
                            .isLessThanOrEqualTo(Math.abs(wide[i]) * 0x1p-8f);
                    rounded += narrow[i] != wide[i] ? 1 : 0;
                }
            }
            assertThat(rounded).as("values that BF16 actually rounded").isPositive();
        }
    }

    @Test
    void loadGivesFloat32ArraysMatchingReadFloats() {
        try (TensorSource bf16 = SafetensorsFile.open(bf16Dir.resolve("model.safetensors"));
                NDManager manager = NDManager.newBaseManager()) {
            NDArray embeddings = bf16.load(WORD_EMBEDDINGS, manager);
            assertThat(embeddings.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(embeddings.getShape()).isEqualTo(new Shape(1000, 64));
            assertThat(embeddings.toFloatArray()).containsExactly(bf16.readFloats(WORD_EMBEDDINGS));
        }
    }

    @Test
    void referenceInputIdsAreInt64() {
        try (TensorSource reference = SafetensorsFile.open(f32Dir.resolve("reference.safetensors"));
                NDManager manager = NDManager.newBaseManager()) {
            assertThat(reference.info("input_ids").dtype()).isEqualTo(DType.I64);
            NDArray ids = reference.load("input_ids", manager);
            assertThat(ids.getDataType()).isEqualTo(DataType.INT64);
            assertThat(ids.getShape()).isEqualTo(new Shape(3, 12));
            long[] values = reference.readLongs("input_ids");
            assertThat(ids.toLongArray()).containsExactly(values);
            assertThat(Arrays.stream(values).allMatch(id -> id >= 0 && id < 1000)).as("ids within the vocabulary").isTrue();
            assertThat(reference.readLongs("attention_mask")).containsOnly(0L, 1L);
        }
    }

    /** Every committed fixture opens through the directory entry point, and every tensor's bytes can be read. */
    @Test
    void everyFixtureOpensAndReads() throws IOException {
        List<Path> dirs;
        try (Stream<Path> list = Files.list(TestFiles.resource("/fixtures/hf"))) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(dirs).hasSizeGreaterThanOrEqualTo(8);
        for (Path dir : dirs) {
            try (TensorSource model = ShardedCheckpoint.openDirectory(dir);
                    SafetensorsFile reference = SafetensorsFile.open(dir.resolve("reference.safetensors"))) {
                assertThat(model.names()).as(dir.toString()).isNotEmpty();
                for (String name : model.names()) {
                    assertThat(model.readFloats(name)).as(name).hasSize((int) model.info(name).numel());
                }
                assertThat(reference.names()).as(dir.toString()).contains("input_ids");
            }
        }
    }
}
