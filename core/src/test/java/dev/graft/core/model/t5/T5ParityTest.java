package dev.graft.core.model.t5;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.model.decoding.CausalLmOutput;
import dev.graft.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** T5 reproduces the HF reference encoder output and decoder logits. */
class T5ParityTest {
    @Test
    void matchesReferenceOutputs() {
        try (PretrainedT5 model = PretrainedT5.load(Fixtures.hf("t5-seq2seq"), Device.cpu(), false);
                NDManager m = NDManager.newBaseManager(Device.cpu());
                SafetensorsFile ref = SafetensorsFile.open(Fixtures.hf("t5-seq2seq").resolve("reference.safetensors"))) {
            ParameterStore ps = new ParameterStore(model.manager(), false);
            NDArray mask = ref.load("attention_mask", m);
            NDArray memory = model.model().encode(ps, ref.load("input_ids", m), mask, false);
            assertThat(Fixtures.maxAbsDiffMasked(memory, ref.load("encoder_last_hidden_state", m), mask))
                    .isLessThanOrEqualTo(1e-4);
            CausalLmOutput out = model.model().decode(ps, ref.load("decoder_input_ids", m), memory, mask, null, false);
            assertThat(Fixtures.maxAbsDiff(out.logits(), ref.load("logits", m))).isLessThanOrEqualTo(1e-4);
        }
    }
}
