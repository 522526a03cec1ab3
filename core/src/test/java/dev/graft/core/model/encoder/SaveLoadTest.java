package dev.graft.core.model.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.core.config.ModelConfig;
import dev.graft.core.config.ModelConfigs;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.io.RawTensor;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.testing.Fixtures;
import dev.graft.core.testing.References;
import dev.graft.core.testing.RefMath;
import dev.graft.core.testing.Tensors;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link PretrainedEncoder#save} writes what {@link PretrainedEncoder#load} reads back bit for bit, in HF layout. */
class SaveLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"bert-seqcls", "bert-seqcls-bf16", "bert-base-only", "roberta-seqcls", "distilbert-seqcls"})
    void savedFixtureReloadsBitIdentical(String fixture, @TempDir Path dir) {
        try (PretrainedEncoder original = PretrainedEncoder.load(Fixtures.hf(fixture), Device.cpu(), false)) {
            original.save(dir);
            try (PretrainedEncoder reloaded = PretrainedEncoder.load(dir, Device.cpu(), false)) {
                assertThat(reloaded.model().task()).isEqualTo(original.model().task());
                assertSameParameters(original, reloaded);
                assertBitIdentical(outputBytes(reloaded, Fixtures.hf(fixture)), outputBytes(original, Fixtures.hf(fixture)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bert-seqcls", "bert-base-only", "roberta-seqcls", "distilbert-seqcls"})
    void savedConfigKeepsEveryField(String fixture, @TempDir Path dir) throws IOException {
        try (PretrainedEncoder model = PretrainedEncoder.load(Fixtures.hf(fixture), Device.cpu(), false)) {
            model.save(dir);
        }
        JsonNode saved = JSON.readTree(dir.resolve("config.json").toFile());
        JsonNode original = JSON.readTree(Fixtures.hf(fixture).resolve("config.json").toFile());
        assertThat(saved.get("transformers_version").asText()).isEqualTo("4.6.0.dev0");
        assertThat(saved.get("id2label").get("2").asText()).isEqualTo("contradiction");
        assertThat(saved.get("label2id")).isEqualTo(original.get("label2id"));
        assertThat(saved).isEqualTo(original);
    }

    /** config.json is as readable as the weights next to it, so a saved model can be shared or served. */
    @Test
    void savedConfigGetsTheSameFileModeAsTheWeights(@TempDir Path dir) throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
        try (PretrainedEncoder model = PretrainedEncoder.load(Fixtures.hf("bert-seqcls"), Device.cpu(), false)) {
            model.save(dir);
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("config.json")))
                .isEqualTo(Files.getPosixFilePermissions(dir.resolve("model.safetensors")));
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("config.json", "model.safetensors");
        }
    }

    /** HF keys, nothing more: the body under the task prefix exactly when the checkpoint has a head. */
    @ParameterizedTest
    @CsvSource({
        "bert-seqcls, bert., classifier.bias classifier.weight",
        "bert-base-only, bert., ''",
        "roberta-seqcls, roberta., classifier.dense.bias classifier.dense.weight classifier.out_proj.bias classifier.out_proj.weight",
        "distilbert-seqcls, distilbert., classifier.bias classifier.weight pre_classifier.bias pre_classifier.weight"})
    void savedKeysAreTheHfKeys(String fixture, String prefix, String headKeys, @TempDir Path dir) {
        try (PretrainedEncoder model = PretrainedEncoder.load(Fixtures.hf(fixture), Device.cpu(), false)) {
            model.save(dir);
        }
        Map<String, RawTensor> saved = Tensors.readAll(dir.resolve("model.safetensors"));
        Map<String, RawTensor> original = Tensors.readAll(Fixtures.hf(fixture).resolve("model.safetensors"));
        assertThat(saved.keySet()).isEqualTo(original.keySet());
        Set<String> unprefixed = saved.keySet().stream().filter(k -> !k.startsWith(prefix)).collect(Collectors.toSet());
        if (headKeys.isEmpty()) {
            assertThat(unprefixed).as("a base model saves no key under %s", prefix).isEqualTo(saved.keySet());
        } else {
            assertThat(unprefixed).as("keys outside %s", prefix).containsExactlyInAnyOrder(headKeys.split(" "));
        }
        // an F32 fixture comes back byte for byte: save neither rounds nor transposes anything
        saved.forEach((k, t) -> assertThat(t).as(k).isEqualTo(original.get(k)));
    }

    @ParameterizedTest
    @CsvSource({"bert-seqcls, cls.predictions.", "roberta-seqcls, lm_head.", "distilbert-seqcls, vocab_"})
    void createdMaskedLmSavesOnceAndReloadsIdentically(String fixture, String headPrefix, @TempDir Path dir) {
        ModelConfig config = ModelConfigs.read(Fixtures.hf(fixture));
        GraftEngine.engine().setRandomSeed(17);
        try (PretrainedEncoder created = PretrainedEncoder.create(config, EncoderTask.MASKED_LM, Device.cpu())) {
            spread(created, new Random(17));
            created.save(dir);
            EncoderSpec spec = created.model().spec();
            Map<String, RawTensor> saved = Tensors.readAll(dir.resolve("model.safetensors"));
            assertThat(saved).hasSize(ParameterPaths.of(created.model()).size());
            long tables = saved.values().stream()
                    .filter(t -> Arrays.equals(t.shape(), new long[] {spec.vocabSize(), spec.layer().hiddenSize()}))
                    .count();
            assertThat(tables).as("(vocab, hidden) tensors: the tied decoder is the word embedding").isEqualTo(1);
            assertThat(saved.keySet()).anyMatch(k -> k.startsWith(headPrefix))
                    .noneMatch(k -> k.contains("decoder") || k.equals("vocab_projector.weight"));
            try (PretrainedEncoder reloaded = PretrainedEncoder.load(dir, Device.cpu(), false)) {
                assertThat(reloaded.model().task()).isEqualTo(EncoderTask.MASKED_LM);
                assertSameParameters(created, reloaded);
                assertBitIdentical(outputBytes(reloaded, null), outputBytes(created, null));
            }
        }
    }

    /** On a saved and reloaded model, so the tie is checked where a user would meet it. */
    @Test
    void maskedLmLogitsAreTheTiedProjectionOfTheTransform(@TempDir Path dir) {
        ModelConfig config = ModelConfigs.read(Fixtures.hf("bert-seqcls"));
        GraftEngine.engine().setRandomSeed(23);
        try (PretrainedEncoder created = PretrainedEncoder.create(config, EncoderTask.MASKED_LM, Device.cpu())) {
            spread(created, new Random(23));
            created.save(dir);
        }
        try (PretrainedEncoder model = PretrainedEncoder.load(dir, Device.cpu(), false);
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Map<String, Parameter> params = ParameterPaths.of(model.model());
            assertThat(params.keySet().stream().filter(k -> k.startsWith("mlm.")))
                    .as("the head owns no decoder weight")
                    .containsExactlyInAnyOrder("mlm.dense.weight", "mlm.dense.bias", "mlm.norm.weight",
                            "mlm.norm.bias", "mlm.bias");
            Parameter embedding = model.model().embeddings().word().weight();
            assertThat(params.get("embeddings.word.weight")).isSameAs(embedding);

            EncoderOutput out = forward(model, m);
            assertThat(maxDiffFromHand(model, out)).isLessThanOrEqualTo(1e-4);

            // change the embedding table in place: the head follows, because it reads the same Parameter
            NDArray table = embedding.getArray();
            table.set(new NDIndex("7, :"), table.get(new NDIndex("7, :")).mul(-3));
            EncoderOutput changed = forward(model, m);
            assertThat(Fixtures.maxAbsDiff(changed.logits().get(new NDIndex("..., 7")),
                    out.logits().get(new NDIndex("..., 7")))).as("logits of token 7").isGreaterThan(1e-2);
            assertThat(maxDiffFromHand(model, changed)).isLessThanOrEqualTo(1e-4);
        }
    }

    private static EncoderOutput forward(PretrainedEncoder model, NDManager m) {
        NDArray ids = m.create(new long[][] {{2, 7, 11, 13, 0}, {7, 5, 3, 0, 0}});
        NDArray mask = m.create(new long[][] {{1, 1, 1, 1, 0}, {1, 1, 1, 0, 0}});
        return model.forward(ids, mask, null);
    }

    /** Max |logits − (LN(act(h Wᵀ + b)) Eᵀ + bias)| with every factor read from the model's parameters. */
    private static double maxDiffFromHand(PretrainedEncoder model, EncoderOutput out) {
        Map<String, Parameter> p = ParameterPaths.of(model.model());
        EncoderSpec spec = model.model().spec();
        int h = (int) spec.layer().hiddenSize();
        int vocab = spec.vocabSize();
        float[] denseW = floats(p, "mlm.dense.weight");
        float[] denseB = floats(p, "mlm.dense.bias");
        float[] normW = floats(p, "mlm.norm.weight");
        float[] normB = floats(p, "mlm.norm.bias");
        float[] bias = floats(p, "mlm.bias");
        float[] table = model.model().embeddings().word().weight().getArray().toFloatArray();
        float[] hidden = out.lastHiddenState().toFloatArray();
        float[] logits = out.logits().toFloatArray();
        double worst = 0;
        for (int token = 0; token < hidden.length / h; token++) {
            double[] x = new double[h];
            for (int i = 0; i < h; i++) {
                x[i] = hidden[token * h + i];
            }
            double[] y = RefMath.linear(x, denseW, denseB);
            for (int i = 0; i < h; i++) {
                y[i] = RefMath.gelu(y[i]);
            }
            double[] z = RefMath.layerNorm(y, normW, normB, spec.layer().normEps());
            double[] expected = RefMath.linear(z, table, bias);
            for (int v = 0; v < vocab; v++) {
                worst = Math.max(worst, Math.abs(logits[token * vocab + v] - expected[v]));
            }
        }
        return worst;
    }

    private static float[] floats(Map<String, Parameter> params, String path) {
        return params.get(path).getArray().toFloatArray();
    }

    /**
     * Seeded values away from the initialiser's zeros and ones, so that a bias or LayerNorm that is
     * dropped or swapped shows in the outputs.
     */
    private static void spread(PretrainedEncoder model, Random random) {
        for (Parameter p : ParameterPaths.of(model.model()).values()) {
            NDArray a = p.getArray();
            float[] v = new float[Math.toIntExact(a.size())];
            float base = p.getType() == Parameter.Type.GAMMA ? 1f : 0f;
            for (int i = 0; i < v.length; i++) {
                v[i] = base + 0.2f * (float) random.nextGaussian();
            }
            a.set(v);
        }
    }

    private static void assertSameParameters(PretrainedEncoder a, PretrainedEncoder b) {
        assertThat(ParameterPaths.of(b.model()).keySet()).containsExactlyElementsOf(ParameterPaths.of(a.model()).keySet());
        assertBitIdentical(parameterBytes(b), parameterBytes(a));
    }

    private static Map<String, byte[]> parameterBytes(PretrainedEncoder model) {
        Map<String, byte[]> bytes = new TreeMap<>();
        ParameterPaths.of(model.model()).forEach((path, p) -> bytes.put(path, Tensors.bytes(p.getArray())));
        return bytes;
    }

    private static void assertBitIdentical(Map<String, byte[]> actual, Map<String, byte[]> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(Arrays.mismatch(actual.get(name), bytes))
                .as("first differing byte of %s (-1: none)", name).isEqualTo(-1));
    }

    /**
     * Every output's bytes on a fixture's stored inputs, or on a small fixed batch when {@code fixtureDir}
     * is null.
     */
    private static Map<String, byte[]> outputBytes(PretrainedEncoder model, Path fixtureDir) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            EncoderOutput out;
            if (fixtureDir == null) {
                out = forward(model, m);
            } else {
                try (SafetensorsFile ref = SafetensorsFile.open(fixtureDir.resolve("reference.safetensors"))) {
                    NDArray types = ref.names().contains("token_type_ids") && model.model().spec().typeVocabSize() > 0
                            ? ref.load("token_type_ids", m)
                            : null;
                    out = model.forward(ref.load("input_ids", m), ref.load("attention_mask", m), types);
                }
            }
            Map<String, byte[]> bytes = new TreeMap<>();
            References.outputs(out).forEach((k, v) -> bytes.put(k, Tensors.bytes(v)));
            return bytes;
        }
    }
}
