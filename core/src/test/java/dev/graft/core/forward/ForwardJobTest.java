package dev.graft.core.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.graft.core.engine.DeviceChoice;
import dev.graft.core.io.DType;
import dev.graft.core.io.RawTensor;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.io.SafetensorsWriter;
import dev.graft.core.testing.Fixtures;
import dev.graft.core.testing.References;
import dev.graft.core.testing.Tensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code graft forward} without the CLI: outputs on the fixtures' inputs, and refusals of bad input files. */
class ForwardJobTest {
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"bert-seqcls", "bert-seqcls-bf16", "bert-base-only", "roberta-seqcls", "distilbert-seqcls"})
    void writesOutputsMatchingTheReference(String fixture) {
        Path reference = Fixtures.hf(fixture).resolve("reference.safetensors");
        Path out = dir.resolve("out.safetensors");
        ForwardResult result = ForwardJob.run(new ForwardRequest(Fixtures.hf(fixture), reference, out, DeviceChoice.CPU, false));
        assertThat(result.modelType()).isEqualTo(fixture.startsWith("distilbert") ? "distilbert"
                : fixture.startsWith("roberta") ? "roberta" : "bert");
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); SafetensorsFile written = SafetensorsFile.open(out)) {
            assertThat(written.names()).isEqualTo(new TreeMap<>(result.shapes()).keySet());
            assertThat(written.metadata()).containsEntry("model_type", result.modelType());
            Map<String, NDArray> outputs = new HashMap<>();
            for (String name : written.names()) {
                outputs.put(name, written.load(name, m));
                assertThat(written.info(name).shape()).as(name).isEqualTo(result.shapes().get(name));
            }
            Map<String, Double> diffs = References.diffs(outputs, reference, m);
            assertThat(diffs).isNotEmpty();
            diffs.forEach((name, d) -> assertThat(d).as("%s of %s", name, fixture).isLessThanOrEqualTo(TOLERANCE));
        }
    }

    /** The built-in comparison (graft forward --reference): only outputs the reference holds, padding left out. */
    @Test
    void comparesWithAReferenceOverRealTokensOnly() {
        Path model = Fixtures.hf("roberta-seqcls");
        Path reference = model.resolve("reference.safetensors");
        Path out = dir.resolve("out.safetensors");
        ForwardResult ok = ForwardJob.run(new ForwardRequest(model, reference, out, DeviceChoice.CPU, false, reference, 1e-4));
        assertThat(ok.maxAbsDiff()).containsOnlyKeys("last_hidden_state", "logits");
        assertThat(ok.withinTolerance()).isTrue();

        Map<String, RawTensor> tampered = Tensors.readAll(reference);
        // row 0 has 7 real tokens: token 7 is padding, so a change there must not count
        tampered.put("last_hidden_state", addAt(tampered.get("last_hidden_state"), 7 * 64, 100f));
        tampered.put("logits", addAt(tampered.get("logits"), 0, 0.5f));
        Path bad = dir.resolve("tampered.safetensors");
        SafetensorsWriter.writeRaw(bad, tampered, Map.of());
        ForwardResult off = ForwardJob.run(new ForwardRequest(model, reference, out, DeviceChoice.CPU, false, bad, 1e-4));
        assertThat(off.maxAbsDiff().get("last_hidden_state")).isLessThanOrEqualTo(TOLERANCE);
        assertThat(off.maxAbsDiff().get("logits")).isCloseTo(0.5, within(1e-4));
        assertThat(off.withinTolerance()).isFalse();
    }

    @Test
    void acceptsI32Ids() {
        Path in = inputs("bert-seqcls", t -> t.replaceAll((k, v) -> toI32(v)));
        Path out = dir.resolve("out.safetensors");
        ForwardJob.run(new ForwardRequest(Fixtures.hf("bert-seqcls"), in, out, DeviceChoice.CPU, false));
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); SafetensorsFile written = SafetensorsFile.open(out)) {
            Map<String, NDArray> outputs = Map.of("logits", written.load("logits", m));
            assertThat(References.diffs(outputs, Fixtures.hf("bert-seqcls").resolve("reference.safetensors"), m)
                    .get("logits")).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void missingInputIdsNamesFileAndKey() {
        Path in = inputs("bert-seqcls", t -> t.remove("input_ids"));
        assertRefused("bert-seqcls", in, "no tensor 'input_ids'");
    }

    @Test
    void maskOfAnotherShapeIsRefused() {
        Path in = inputs("bert-seqcls", t -> t.put("attention_mask", Tensors.i64(new long[] {3, 10}, new long[30])));
        assertRefused("bert-seqcls", in, "'attention_mask' has shape (3, 10) but input_ids has (3, 12)");
    }

    @Test
    void idBeyondTheVocabularyNamesTheRange() {
        Path in = inputs("bert-seqcls", t -> t.put("input_ids", setFirst(t.get("input_ids"), 1000)));
        assertRefused("bert-seqcls", in, "'input_ids' holds values in [0, 1000], outside [0, 999]");
    }

    @Test
    void negativeIdNamesTheRange() {
        Path in = inputs("roberta-seqcls", t -> t.put("input_ids", setFirst(t.get("input_ids"), -3)));
        assertRefused("roberta-seqcls", in, "'input_ids' holds values in [-3, ");
    }

    @Test
    void tokenTypeBeyondTheTypeVocabularyIsRefused() {
        Path in = inputs("bert-seqcls", t -> t.put("token_type_ids", setFirst(t.get("token_type_ids"), 2)));
        assertRefused("bert-seqcls", in, "'token_type_ids' holds values in [0, 2], outside [0, 1]");
    }

    @Test
    void tokenTypesForDistilBertAreRefused() {
        Path in = inputs("distilbert-seqcls",
                t -> t.put("token_type_ids", Tensors.i64(new long[] {3, 12}, new long[36])));
        assertRefused("distilbert-seqcls", in, "holds token_type_ids but distilbert has no token types");
    }

    /** Hugging Face's GPT-2 adds wte(token_type_ids); ours does not take them, so it says so instead of ignoring them. */
    @Test
    void tensorsTheFamilyDoesNotReadAreRefused() {
        Path in = inputs("gpt2-lm", t -> t.put("token_type_ids", Tensors.i64(t.get("input_ids").shape(),
                new long[(int) java.util.Arrays.stream(t.get("input_ids").shape()).reduce(1, (a, b) -> a * b)])));
        assertRefused("gpt2-lm", in, ": holds [token_type_ids], which gpt2 does not take here; it reads [input_ids,"
                + " attention_mask]. Leave the others out");
    }

    @Test
    void emptyIdsAreRefusedNamingTheTensor() {
        Path noRows = inputs("distilbert-seqcls", t -> t.put("input_ids", Tensors.i64(new long[] {0, 4})));
        assertRefused("distilbert-seqcls", noRows, ": 'input_ids' has shape (0, 4): it needs at least one row of at least one token");
        Path noTokens = inputs("distilbert-seqcls", t -> t.put("input_ids", Tensors.i64(new long[] {2, 0})));
        assertRefused("distilbert-seqcls", noTokens, ": 'input_ids' has shape (2, 0): it needs at least one row of at least one token");
    }

    @Test
    void floatIdsAreRefused() {
        Path in = inputs("bert-seqcls", t -> t.put("input_ids", new RawTensor(DType.F32, new long[] {1, 2},
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(3f).putFloat(4f).flip())));
        assertRefused("bert-seqcls", in, "'input_ids' must be I64 or I32, found float32");
    }

    @Test
    void oneDimensionalIdsAreRefused() {
        Path in = inputs("bert-seqcls", t -> {
            t.clear();
            t.put("input_ids", Tensors.i64(new long[] {3}, 5, 6, 7));
        });
        assertRefused("bert-seqcls", in, "'input_ids' must be (batch, seq_len), found shape (3)");
    }

    @Test
    void anOutputThatIsADirectoryIsRefusedBeforeTheModelRuns() {
        Path reference = Fixtures.hf("bert-seqcls").resolve("reference.safetensors");
        assertThatThrownBy(() -> new ForwardRequest(Fixtures.hf("bert-seqcls"), reference, dir, DeviceChoice.CPU, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir + ": is a directory (expected the safetensors file to write, e.g. "
                        + dir.resolve("outputs.safetensors") + ")");
    }

    private void assertRefused(String fixture, Path in, String problem) {
        Path out = dir.resolve("out.safetensors");
        assertThatThrownBy(() -> ForwardJob.run(new ForwardRequest(Fixtures.hf(fixture), in, out, DeviceChoice.CPU, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(in.toString())
                .hasMessageContaining(problem);
        assertThat(out).as("no output after a refusal").doesNotExist();
    }

    /** The fixture's stored inputs (outputs dropped), changed by {@code edit}, as an input file. */
    private Path inputs(String fixture, Consumer<Map<String, RawTensor>> edit) {
        Map<String, RawTensor> tensors = Tensors.readAll(Fixtures.hf(fixture).resolve("reference.safetensors"));
        tensors.keySet().retainAll(References.INPUTS);
        edit.accept(tensors);
        Path file = dir.resolve("in.safetensors");
        SafetensorsWriter.writeRaw(file, tensors, Map.of());
        return file;
    }

    /** A copy of an I64 tensor with its first element replaced. */
    private static RawTensor setFirst(RawTensor t, long value) {
        ByteBuffer data = ByteBuffer.allocate(t.data().remaining()).order(ByteOrder.LITTLE_ENDIAN);
        data.put(t.data()).flip();
        data.putLong(0, value);
        return new RawTensor(t.dtype(), t.shape(), data);
    }

    /** A copy of an F32 tensor with {@code delta} added to element {@code index}. */
    private static RawTensor addAt(RawTensor t, int index, float delta) {
        ByteBuffer data = ByteBuffer.allocate(t.data().remaining()).order(ByteOrder.LITTLE_ENDIAN);
        data.put(t.data()).flip();
        data.putFloat(index * 4, data.getFloat(index * 4) + delta);
        return new RawTensor(t.dtype(), t.shape(), data);
    }

    private static RawTensor toI32(RawTensor t) {
        ByteBuffer src = t.data().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer data = ByteBuffer.allocate(src.remaining() / 2).order(ByteOrder.LITTLE_ENDIAN);
        while (src.hasRemaining()) {
            data.putInt(Math.toIntExact(src.getLong()));
        }
        return new RawTensor(DType.I32, t.shape(), data.flip());
    }
}
