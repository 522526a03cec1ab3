package dev.graft.core.model.gpt2;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.model.decoding.CausalLmOutput;
import dev.graft.core.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GPT-2 reproduces the HF reference, from a prefixed LM checkpoint and from a bare body checkpoint. */
class Gpt2ParityTest {
    @ParameterizedTest
    @ValueSource(strings = {"gpt2-lm", "gpt2-base-only"})
    void matchesReferenceOutputs(String fixture) {
        try (PretrainedGpt2 model = PretrainedGpt2.load(Fixtures.hf(fixture), Device.cpu(), false);
                NDManager m = NDManager.newBaseManager(Device.cpu());
                SafetensorsFile ref = SafetensorsFile.open(Fixtures.hf(fixture).resolve("reference.safetensors"))) {
            NDArray mask = ref.load("attention_mask", m);
            CausalLmOutput out = model.forward(ref.load("input_ids", m), mask);
            assertThat(Fixtures.maxAbsDiffMasked(out.hidden(), ref.load("last_hidden_state", m), mask)).isLessThanOrEqualTo(1e-4);
            assertThat(Fixtures.maxAbsDiffMasked(out.logits(), ref.load("logits", m), mask)).isLessThanOrEqualTo(1e-4);
        }
    }
}
