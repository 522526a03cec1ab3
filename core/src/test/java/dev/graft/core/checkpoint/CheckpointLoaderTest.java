package dev.graft.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.io.DType;
import dev.graft.core.io.RawTensor;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.io.SafetensorsWriter;
import dev.graft.core.model.encoder.EncoderTask;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.testing.Fixtures;
import dev.graft.core.testing.References;
import dev.graft.core.testing.Tensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading modified copies of the bert-seqcls checkpoint: every mismatch is reported with the key,
 * the file and what was expected, and the variants HF itself accepts (old LayerNorm names, no task
 * prefix, shards, F16) load and reproduce the reference outputs.
 */
class CheckpointLoaderTest {
    private static final String FIXTURE = "bert-seqcls";
    private static final double TOLERANCE = 1e-4;
    private static final String KEY_WEIGHT = "bert.encoder.layer.1.attention.self.key.weight";
    private static final String FFN_IN_WEIGHT = "bert.encoder.layer.0.intermediate.dense.weight";
    private static final String EXTRA = "bert.encoder.layer.0.attention.self.rotary.weight";

    @TempDir
    Path dir;

    /** A failed load must leave the engine usable: the original checkpoint still loads and matches. */
    @AfterEach
    void engineStillWorks() {
        try (PretrainedEncoder model = PretrainedEncoder.load(Fixtures.hf(FIXTURE), Device.cpu(), false)) {
            assertMatchesReference(model, TOLERANCE);
        }
    }

    @Test
    void missingTensorIsNamedWithTheFile() {
        Path file = writeCopy(t -> t.remove(KEY_WEIGHT));
        CheckpointMismatchException e = loadFails(false);
        assertThat(e.missing()).containsExactly(KEY_WEIGHT);
        assertThat(e.misshaped()).isEmpty();
        assertThat(e.unexpected()).isEmpty();
        assertThat(e).hasMessageContaining(file.toString()).hasMessageContaining("missing (1):")
                .hasMessageContaining(KEY_WEIGHT);
    }

    @Test
    void wrongShapeNamesKeyExpectedAndFound() {
        writeCopy(t -> {
            RawTensor w = t.get(FFN_IN_WEIGHT); // (128, 64): the same bytes declared as (64, 128)
            t.put(FFN_IN_WEIGHT, new RawTensor(w.dtype(), new long[] {64, 128}, w.data()));
        });
        CheckpointMismatchException e = loadFails(false);
        assertThat(e.misshaped()).hasSize(1);
        assertThat(e).hasMessageContaining("wrong shape (1):")
                .hasMessageContaining(FFN_IN_WEIGHT + " in model.safetensors: expected (128, 64), found (64, 128)");
        assertThat(e.missing()).isEmpty();
        assertThat(e.unexpected()).as("a tensor the model uses, if misshaped, is not unexpected").isEmpty();
        assertThat(e).hasMessageNotContaining("--allow-unexpected");
    }

    @Test
    void unexpectedTensorIsRefusedUnlessAllowed() {
        writeCopy(t -> t.put(EXTRA, f32(new long[] {4}, 1, 2, 3, 4)));
        CheckpointMismatchException e = loadFails(false);
        assertThat(e.unexpected()).containsExactly(EXTRA);
        assertThat(e).hasMessageContaining(EXTRA).hasMessageContaining("--allow-unexpected");

        try (PretrainedEncoder model = PretrainedEncoder.load(dir, Device.cpu(), true)) {
            assertMatchesReference(model, TOLERANCE);
        }
    }

    @Test
    void everyProblemIsReportedInOneException() {
        Path file = writeCopy(t -> {
            t.remove(KEY_WEIGHT);
            RawTensor w = t.get(FFN_IN_WEIGHT);
            t.put(FFN_IN_WEIGHT, new RawTensor(w.dtype(), new long[] {64, 128}, w.data()));
            t.put(EXTRA, f32(new long[] {4}, 1, 2, 3, 4));
        });
        // allowUnexpected does not excuse the other two problems, and then leaves the extra tensor out
        CheckpointMismatchException allowed = loadFails(true);
        assertThat(allowed.missing()).containsExactly(KEY_WEIGHT);
        assertThat(allowed.misshaped()).hasSize(1);
        assertThat(allowed.unexpected()).isEmpty();

        CheckpointMismatchException e = loadFails(false);
        assertThat(e.missing()).containsExactly(KEY_WEIGHT);
        assertThat(e.misshaped()).singleElement().asString().startsWith(FFN_IN_WEIGHT);
        assertThat(e.unexpected()).containsExactly(EXTRA);
        assertThat(e).hasMessageContaining(file.toString())
                .hasMessageContaining("missing (1):\n    " + KEY_WEIGHT)
                .hasMessageContaining("wrong shape (1):\n    " + FFN_IN_WEIGHT)
                .hasMessageContaining("(pass --allow-unexpected to load anyway) (1):\n    " + EXTRA);
    }

    @Test
    void oldGammaBetaLayerNormNamesLoad() {
        writeCopy(t -> rename(t, k -> k.replaceAll("LayerNorm\\.weight$", "LayerNorm.gamma")
                .replaceAll("LayerNorm\\.bias$", "LayerNorm.beta")));
        assertThat(Tensors.readAll(dir.resolve("model.safetensors")).keySet())
                .contains("bert.embeddings.LayerNorm.gamma", "bert.encoder.layer.1.output.LayerNorm.beta")
                .noneMatch(k -> k.endsWith("LayerNorm.weight"));
        try (PretrainedEncoder model = PretrainedEncoder.load(dir, Device.cpu(), false)) {
            assertMatchesReference(model, TOLERANCE);
        }
    }

    /** HF accepts a head checkpoint whose body keys lost the task prefix; the loader detects the prefix per checkpoint. */
    @Test
    void bodyWithoutTaskPrefixStillLoadsWithItsHead() {
        writeCopy(t -> rename(t, k -> k.startsWith("bert.") ? k.substring("bert.".length()) : k));
        assertThat(Tensors.readAll(dir.resolve("model.safetensors")).keySet())
                .contains("embeddings.word_embeddings.weight", "classifier.weight")
                .noneMatch(k -> k.startsWith("bert."));
        try (PretrainedEncoder model = PretrainedEncoder.load(dir, Device.cpu(), false)) {
            assertThat(model.model().task()).isEqualTo(EncoderTask.SEQUENCE_CLASSIFICATION);
            assertMatchesReference(model, TOLERANCE);
        }
    }

    /**
     * The prefix is decided once per checkpoint: any key under {@code bert.} makes every body key expected
     * there, so a body key without it is reported twice, missing under its prefixed name and unexpected
     * under its own.
     */
    @Test
    void mixedPrefixesAreReportedNotGuessed() {
        String bare = KEY_WEIGHT.substring("bert.".length());
        writeCopy(t -> t.put(bare, t.remove(KEY_WEIGHT)));
        CheckpointMismatchException e = loadFails(false);
        assertThat(e.missing()).containsExactly(KEY_WEIGHT);
        assertThat(e.unexpected()).containsExactly(bare);
    }

    @Test
    void shardedCheckpointLoadsAndMatches() throws IOException {
        Map<String, RawTensor> tensors = Tensors.readAll(Fixtures.hf(FIXTURE).resolve("model.safetensors"));
        writeShards(tensors);
        assertThat(dir.resolve("model.safetensors")).doesNotExist();
        try (PretrainedEncoder sharded = PretrainedEncoder.load(dir, Device.cpu(), false);
                PretrainedEncoder single = PretrainedEncoder.load(Fixtures.hf(FIXTURE), Device.cpu(), false)) {
            assertMatchesReference(sharded, TOLERANCE);
            Map<String, Parameter> a = ParameterPaths.of(single.model());
            ParameterPaths.of(sharded.model()).forEach((path, p) ->
                    assertThat(Tensors.bytes(p.getArray())).as(path).isEqualTo(Tensors.bytes(a.get(path).getArray())));
        }
    }

    @Test
    void shardedMismatchNamesTheShard() throws IOException {
        Map<String, RawTensor> tensors = Tensors.readAll(Fixtures.hf(FIXTURE).resolve("model.safetensors"));
        RawTensor w = tensors.get(FFN_IN_WEIGHT);
        tensors.put(FFN_IN_WEIGHT, new RawTensor(w.dtype(), new long[] {64, 128}, w.data()));
        String shard = writeShards(tensors).get(FFN_IN_WEIGHT);
        CheckpointMismatchException e = loadFails(false);
        assertThat(e).hasMessageContaining(FFN_IN_WEIGHT + " in " + shard + ": expected (128, 64), found (64, 128)")
                .hasMessageContaining(dir.resolve("model-00001-of-00002.safetensors").toString())
                .hasMessageContaining(dir.resolve("model-00002-of-00002.safetensors").toString());
    }

    @Test
    void halfPrecisionCopyLoadsAndMatchesWithinRounding() {
        Map<String, NDArray> halves = new TreeMap<>();
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                SafetensorsFile f = SafetensorsFile.open(Fixtures.hf(FIXTURE).resolve("model.safetensors"))) {
            for (String name : f.names()) {
                halves.put(name, f.load(name, m).toType(DataType.FLOAT16, false));
            }
            copyConfig();
            SafetensorsWriter.write(dir.resolve("model.safetensors"), halves, Map.of("format", "pt"));
        }
        try (SafetensorsFile written = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
            assertThat(written.names()).allMatch(n -> written.info(n).dtype() == DType.F16);
        }
        try (PretrainedEncoder model = PretrainedEncoder.load(dir, Device.cpu(), false)) {
            assertThat(model.model().embeddings().word().weight().getArray().getDataType()).isEqualTo(DataType.FLOAT32);
            Map<String, Double> diffs = References.diffs(model, Fixtures.hf(FIXTURE));
            assertThat(diffs.values()).allMatch(d -> d <= 1e-2);
            assertThat(diffs.values()).as("F16 rounding shows, so F16 was really read").anyMatch(d -> d > 1e-6);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private CheckpointMismatchException loadFails(boolean allowUnexpected) {
        CheckpointMismatchException e = catchThrowableOfType(CheckpointMismatchException.class,
                () -> PretrainedEncoder.load(dir, Device.cpu(), allowUnexpected).close());
        assertThat(e).as("loading %s must fail", dir).isNotNull();
        return e;
    }

    private static void assertMatchesReference(PretrainedEncoder model, double tolerance) {
        Map<String, Double> diffs = References.diffs(model, Fixtures.hf(FIXTURE));
        assertThat(diffs).containsKeys("last_hidden_state", "logits");
        diffs.forEach((name, d) -> assertThat(d).as("max abs diff of %s", name).isLessThanOrEqualTo(tolerance));
    }

    /** Copies config.json and the fixture's tensors, changed by {@code edit}, into {@link #dir}. */
    private Path writeCopy(Consumer<Map<String, RawTensor>> edit) {
        Map<String, RawTensor> tensors = Tensors.readAll(Fixtures.hf(FIXTURE).resolve("model.safetensors"));
        edit.accept(tensors);
        copyConfig();
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.writeRaw(file, tensors, Map.of("format", "pt"));
        return file;
    }

    /**
     * Splits {@code tensors} into two shards (first half of the sorted keys, then the rest) with an HF
     * index; returns each key's shard file name.
     */
    private Map<String, String> writeShards(Map<String, RawTensor> tensors) throws IOException {
        copyConfig();
        List<String> keys = List.copyOf(new TreeMap<>(tensors).keySet());
        Map<String, String> weightMap = new LinkedHashMap<>();
        long totalSize = 0;
        for (int s = 0; s < 2; s++) {
            String shard = String.format("model-%05d-of-00002.safetensors", s + 1);
            Map<String, RawTensor> part = new TreeMap<>();
            for (String k : keys.subList(s * keys.size() / 2, (s + 1) * keys.size() / 2)) {
                part.put(k, tensors.get(k));
                weightMap.put(k, shard);
                totalSize += tensors.get(k).data().remaining();
            }
            SafetensorsWriter.writeRaw(dir.resolve(shard), part, Map.of("format", "pt"));
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode index = json.createObjectNode();
        index.putObject("metadata").put("total_size", totalSize);
        ObjectNode map = index.putObject("weight_map");
        weightMap.forEach(map::put);
        json.writeValue(dir.resolve("model.safetensors.index.json").toFile(), index);
        return weightMap;
    }

    private void copyConfig() {
        try {
            Files.copy(Fixtures.hf(FIXTURE).resolve("config.json"), dir.resolve("config.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rename(Map<String, RawTensor> tensors, UnaryOperator<String> rename) {
        Map<String, RawTensor> renamed = new TreeMap<>();
        tensors.forEach((k, v) -> renamed.put(rename.apply(k), v));
        tensors.clear();
        tensors.putAll(renamed);
    }

    private static RawTensor f32(long[] shape, float... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        return new RawTensor(DType.F32, shape, data.flip());
    }
}
