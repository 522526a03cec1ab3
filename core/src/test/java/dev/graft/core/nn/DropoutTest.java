package dev.graft.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.model.encoder.EncoderOutput;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.testing.Fixtures;
import dev.graft.core.testing.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dropout is active exactly when training: two training passes differ, inference passes are
 * repeatable and equal to the same weights with every dropout rate at 0, which shows that every
 * dropout site reads its rate from the spec or config.
 */
class DropoutTest {
    private static final int D = 32;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        GraftEngine.engine().setRandomSeed(99);
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void encoderLayerDropsOnlyWhenTraining() {
        EncoderLayer dropping = layer(0.1f);
        EncoderLayer plain = layer(0f);
        copyParameters(dropping, plain);
        NDArray x = randn(new Random(5), 2, 7, D);
        NDArray mask = Masks.padding(manager.create(new long[][] {{1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0, 0}}));

        NDArray train1 = dropping.apply(ps(), x, mask, true).context();
        NDArray train2 = dropping.apply(ps(), x, mask, true).context();
        assertThat(Fixtures.maxAbsDiff(train1, train2)).as("two training passes").isGreaterThan(1e-3);

        byte[] eval1 = Tensors.bytes(dropping.apply(ps(), x, mask, false).context());
        byte[] eval2 = Tensors.bytes(dropping.apply(ps(), x, mask, false).context());
        assertThat(Arrays.mismatch(eval1, eval2)).as("two inference passes differ at byte").isEqualTo(-1);

        NDArray eval = dropping.apply(ps(), x, mask, false).context();
        assertThat(Fixtures.maxAbsDiff(eval, plain.apply(ps(), x, mask, true).context()))
                .as("inference vs. rate 0 in training mode").isLessThanOrEqualTo(1e-6);
        assertThat(Fixtures.maxAbsDiff(eval, train1)).as("inference vs. training").isGreaterThan(1e-3);
    }

    /** The fixtures' configs all have dropout 0.1; a copy with every rate at 0 must behave like inference. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "bert-seqcls, hidden_dropout_prob attention_probs_dropout_prob",
        "roberta-seqcls, hidden_dropout_prob attention_probs_dropout_prob",
        "distilbert-seqcls, dropout attention_dropout seq_classif_dropout"})
    void encoderModelDropsOnlyWhenTraining(String fixture, String rateFields, @TempDir Path dir) throws IOException {
        writeWithoutDropout(fixture, rateFields.split(" "), dir);
        try (PretrainedEncoder model = PretrainedEncoder.load(Fixtures.hf(fixture), Device.cpu(), false);
                PretrainedEncoder noDropout = PretrainedEncoder.load(dir, Device.cpu(), false);
                SafetensorsFile ref = SafetensorsFile.open(Fixtures.hf(fixture).resolve("reference.safetensors"))) {
            NDArray ids = ref.load("input_ids", manager);
            NDArray mask = ref.load("attention_mask", manager);
            NDArray types = model.model().spec().typeVocabSize() > 1 ? ref.load("token_type_ids", manager) : null;

            EncoderOutput train1 = run(model, ids, mask, types, true);
            EncoderOutput train2 = run(model, ids, mask, types, true);
            assertThat(Fixtures.maxAbsDiffMasked(train1.lastHiddenState(), train2.lastHiddenState(), mask))
                    .as("hidden states of two training passes").isGreaterThan(1e-3);
            assertThat(Fixtures.maxAbsDiff(train1.logits(), train2.logits()))
                    .as("logits of two training passes").isGreaterThan(1e-4);

            EncoderOutput eval = run(model, ids, mask, types, false);
            EncoderOutput evalAgain = run(model, ids, mask, types, false);
            assertThat(Arrays.mismatch(Tensors.bytes(eval.logits()), Tensors.bytes(evalAgain.logits()))).isEqualTo(-1);

            // rate 0 in training mode: nothing is dropped anywhere, so this is inference again
            EncoderOutput zero = run(noDropout, ids, mask, types, true);
            assertThat(Fixtures.maxAbsDiffMasked(eval.lastHiddenState(), zero.lastHiddenState(), mask))
                    .isLessThanOrEqualTo(1e-6);
            assertThat(Fixtures.maxAbsDiff(eval.logits(), zero.logits())).isLessThanOrEqualTo(1e-6);
        }
    }

    private static EncoderOutput run(PretrainedEncoder model, NDArray ids, NDArray mask, NDArray types, boolean training) {
        ParameterStore ps = new ParameterStore(model.manager(), false);
        return model.model().apply(ps, ids, mask, types, training);
    }

    private static void writeWithoutDropout(String fixture, String[] fields, Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(Fixtures.hf(fixture).resolve("config.json").toFile());
        for (String field : fields) {
            assertThat(config.has(field)).as("%s in %s", field, fixture).isTrue();
            config.put(field, 0.0);
        }
        json.writeValue(dir.resolve("config.json").toFile(), config);
        Files.copy(Fixtures.hf(fixture).resolve("model.safetensors"), dir.resolve("model.safetensors"));
    }

    private EncoderLayer layer(float rate) {
        LayerSpec spec = new LayerSpec(D, 4, 2 * D, Activation.GELU, 1e-12, rate, rate, rate, false);
        EncoderLayer layer = new EncoderLayer(spec);
        layer.initialize(manager, DataType.FLOAT32, new Shape(1, 1, D));
        return layer;
    }

    private ParameterStore ps() {
        return new ParameterStore(manager, false);
    }

    private static void copyParameters(EncoderLayer from, EncoderLayer to) {
        Map<String, Parameter> target = ParameterPaths.of(to);
        ParameterPaths.of(from).forEach((path, p) -> target.get(path).getArray().set(p.getArray().toByteBuffer()));
    }

    private NDArray randn(Random random, long... shape) {
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return manager.create(v, new Shape(shape));
    }
}
