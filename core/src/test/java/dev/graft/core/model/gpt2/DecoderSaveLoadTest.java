package dev.graft.core.model.gpt2;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.model.t5.PretrainedT5;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.testing.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GPT-2 and T5 save in HF layout (Conv1D transposed back, tied tensors once) and reload bit-identically. */
class DecoderSaveLoadTest {
    @TempDir
    Path tmp;

    @Test
    void gpt2RoundTripsWithHfKeysAndConv1dLayout() {
        try (PretrainedGpt2 a = PretrainedGpt2.load(Fixtures.hf("gpt2-base-only"), Device.cpu(), false)) {
            a.save(tmp);
            try (PretrainedGpt2 b = PretrainedGpt2.load(tmp, Device.cpu(), false);
                    SafetensorsFile saved = SafetensorsFile.open(tmp.resolve("model.safetensors"));
                    SafetensorsFile original = SafetensorsFile.open(Fixtures.hf("gpt2-base-only").resolve("model.safetensors"))) {
                assertSameParameters(ParameterPaths.of(a.model()), ParameterPaths.of(b.model()));
                assertThat(saved.names()).contains("transformer.h.0.attn.c_attn.weight").doesNotContain("lm_head.weight");
                // Written back (in, out), as the checkpoint stored it.
                assertThat(saved.readFloats("transformer.h.0.attn.c_attn.weight")).containsExactly(original.readFloats("h.0.attn.c_attn.weight"));
            }
        }
    }

    @Test
    void t5RoundTrips() {
        try (PretrainedT5 a = PretrainedT5.load(Fixtures.hf("t5-seq2seq"), Device.cpu(), false)) {
            a.save(tmp);
            try (PretrainedT5 b = PretrainedT5.load(tmp, Device.cpu(), false);
                    SafetensorsFile saved = SafetensorsFile.open(tmp.resolve("model.safetensors"))) {
                assertSameParameters(ParameterPaths.of(a.model()), ParameterPaths.of(b.model()));
                assertThat(saved.names()).contains("shared.weight", "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight")
                        .doesNotContain("lm_head.weight", "encoder.embed_tokens.weight");
            }
        }
    }

    private static void assertSameParameters(Map<String, Parameter> a, Map<String, Parameter> b) {
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String k : a.keySet()) {
            assertThat(b.get(k).getArray().toFloatArray()).as(k).containsExactly(a.get(k).getArray().toFloatArray());
        }
    }
}
