package dev.graft.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedCheckpointTest {
    private static final String SHARD_1 = "model-00001-of-00002.safetensors";
    private static final String SHARD_2 = "model-00002-of-00002.safetensors";

    @TempDir
    Path dir;

    @BeforeEach
    void writeShards() {
        SafetensorsWriter.writeRaw(dir.resolve(SHARD_1), Map.of(
                "a", TestFiles.f32(new long[] {2}, 1f, 2f),
                "b", TestFiles.i64(new long[] {1}, 7L)), Map.of("format", "pt"));
        SafetensorsWriter.writeRaw(dir.resolve(SHARD_2), Map.of(
                "c", TestFiles.f32(new long[] {1, 3}, 3f, 4f, 5f)), Map.of("format", "pt"));
    }

    private void writeIndex(String weightMap) throws IOException {
        Files.writeString(dir.resolve(ShardedCheckpoint.INDEX_FILE),
                "{\"metadata\": {\"total_size\": 28}, \"weight_map\": {" + weightMap + "}}");
    }

    @Test
    void servesTheUnionOfTheShards() throws IOException {
        writeIndex("\"a\": \"" + SHARD_1 + "\", \"b\": \"" + SHARD_1 + "\", \"c\": \"" + SHARD_2 + "\"");
        try (TensorSource ckpt = ShardedCheckpoint.openDirectory(dir); NDManager manager = NDManager.newBaseManager()) {
            assertThat(ckpt).isInstanceOf(ShardedCheckpoint.class);
            assertThat(ckpt.names()).containsExactly("a", "b", "c");
            assertThat(ckpt.fileOf("a")).hasFileName(SHARD_1);
            assertThat(ckpt.fileOf("c")).hasFileName(SHARD_2);
            assertThat(ckpt.readFloats("a")).containsExactly(1f, 2f);
            assertThat(ckpt.readLongs("b")).containsExactly(7L);
            assertThat(ckpt.load("c", manager).toFloatArray()).containsExactly(3f, 4f, 5f);
            assertThat(ckpt.info("c").shape()).containsExactly(1, 3);
            assertThat(ckpt.metadata()).containsEntry("total_size", "28").containsEntry("format", "pt");
            assertThatThrownBy(() -> ckpt.info("zz")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(ShardedCheckpoint.INDEX_FILE).hasMessageContaining("'zz'");
        }
    }

    @Test
    void indexNamingAKeyItsShardLacksIsAnError() throws IOException {
        writeIndex("\"a\": \"" + SHARD_1 + "\", \"c\": \"" + SHARD_2 + "\", \"ghost\": \"" + SHARD_2 + "\"");
        assertThatThrownBy(() -> ShardedCheckpoint.openDirectory(dir))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining(ShardedCheckpoint.INDEX_FILE)
                .hasMessageContaining("'ghost'")
                .hasMessageContaining(SHARD_2);
    }

    @Test
    void indexNamingAMissingShardIsAnError() throws IOException {
        writeIndex("\"a\": \"" + SHARD_1 + "\", \"d\": \"model-00003-of-00002.safetensors\"");
        assertThatThrownBy(() -> ShardedCheckpoint.openDirectory(dir))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining("'d'")
                .hasMessageContaining("model-00003-of-00002.safetensors");
    }

    @Test
    void indexWithoutWeightMapIsAnError() throws IOException {
        Files.writeString(dir.resolve(ShardedCheckpoint.INDEX_FILE), "{\"metadata\": {}}");
        assertThatThrownBy(() -> ShardedCheckpoint.openDirectory(dir))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining(ShardedCheckpoint.INDEX_FILE)
                .hasMessageContaining("weight_map");
    }

    @Test
    void singleFileDirectoryOpensModelSafetensors(@TempDir Path single) {
        SafetensorsWriter.writeRaw(single.resolve("model.safetensors"),
                Map.of("x", TestFiles.f32(new long[] {1}, 9f)), Map.of());
        try (TensorSource ckpt = ShardedCheckpoint.openDirectory(single)) {
            assertThat(ckpt).isInstanceOf(SafetensorsFile.class);
            assertThat(ckpt.readFloats("x")).containsExactly(9f);
        }
    }

    @Test
    void emptyDirectoryIsAnErrorNamingItAndWhatWasLookedFor(@TempDir Path empty) {
        assertThatThrownBy(() -> ShardedCheckpoint.openDirectory(empty))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("model.safetensors.index.json")
                .hasMessageContaining("model.safetensors")
                .message().doesNotContain("pytorch_model.bin");
    }

    @Test
    void pytorchBinIsReportedAsUnsupported(@TempDir Path torch) throws IOException {
        Files.write(torch.resolve("pytorch_model.bin"), new byte[] {0x50, 0x4B});
        assertThatThrownBy(() -> ShardedCheckpoint.openDirectory(torch))
                .isInstanceOf(CheckpointFormatException.class)
                .hasMessageContaining(torch.toString())
                .hasMessageContaining("pytorch_model.bin")
                .hasMessageContaining("not supported")
                .hasMessageContaining("convert");
    }
}
