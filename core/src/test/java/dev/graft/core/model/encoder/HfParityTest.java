package dev.graft.core.model.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.testing.Fixtures;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every stored output of the HF reference fixtures, reproduced through the Java API. */
class HfParityTest {
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"bert-seqcls", "bert-seqcls-bf16", "bert-base-only", "roberta-seqcls", "distilbert-seqcls"})
    void matchesReferenceOutputs(String fixture) {
        try (PretrainedEncoder model = PretrainedEncoder.load(Fixtures.hf(fixture), Device.cpu(), false);
                NDManager m = NDManager.newBaseManager(Device.cpu());
                SafetensorsFile ref = SafetensorsFile.open(Fixtures.hf(fixture).resolve("reference.safetensors"))) {
            NDArray ids = ref.load("input_ids", m);
            NDArray mask = ref.load("attention_mask", m);
            NDArray types = ref.names().contains("token_type_ids") ? ref.load("token_type_ids", m) : null;
            EncoderOutput out = model.forward(ids, mask, types);
            Map<String, NDArray> ours = new java.util.HashMap<>();
            ours.put("last_hidden_state", out.lastHiddenState());
            ours.put("embedding_output", out.embeddingOutput());
            if (out.poolerOutput() != null) {
                ours.put("pooler_output", out.poolerOutput());
            }
            if (out.logits() != null) {
                ours.put("logits", out.logits());
            }
            Set<String> outputs = new java.util.TreeSet<>(ref.names());
            outputs.removeAll(Set.of("input_ids", "attention_mask", "token_type_ids"));
            assertThat(outputs).isNotEmpty();
            for (String name : outputs) {
                assertThat(ours).as("output %s of %s", name, fixture).containsKey(name);
                NDArray expected = ref.load(name, m);
                double diff = expected.getShape().dimension() == 3
                        ? Fixtures.maxAbsDiffMasked(ours.get(name), expected, mask)
                        : Fixtures.maxAbsDiff(ours.get(name), expected);
                assertThat(diff).as("max abs diff of %s in %s", name, fixture).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }
}
