package dev.graft.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.engine.DeviceChoice;
import org.junit.jupiter.api.Test;

/** The benchmark's mechanics on a tiny shape; its speed goals are measured by running it, not here. */
class BenchTest {
    private static BenchRequest tiny(String arch, String mode) {
        return new BenchRequest(arch, mode, 1, 32, 2, 64, 8, 2, 1, 4, DeviceChoice.CPU, null);
    }

    @Test
    void inferReportsThroughputForBothArchitectures() {
        for (String arch : new String[] {"bert", "gpt2"}) {
            ObjectNode out = Bench.run(tiny(arch, "infer"));
            assertThat(out.get("arch").asText()).isEqualTo(arch);
            assertThat(out.get("tokens_per_s").asDouble()).isPositive();
            assertThat(out.get("seq_per_s").asDouble() * 8).isCloseTo(out.get("tokens_per_s").asDouble(),
                    org.assertj.core.data.Offset.offset(0.5));
        }
    }

    @Test
    void generateReportsCachedAndUncachedRates() {
        ObjectNode out = Bench.run(tiny("gpt2", "generate"));
        assertThat(out.get("cached_tokens_per_s").asDouble()).isPositive();
        assertThat(out.get("uncached_tokens_per_s").asDouble()).isPositive();
        assertThat(out.get("new_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void badRequestsNameTheOption() {
        assertThatThrownBy(() -> tiny("t5", "infer")).hasMessage("--arch must be bert or gpt2, got t5");
        assertThatThrownBy(() -> tiny("bert", "generate")).hasMessage("--mode generate needs --arch gpt2 (BERT does not generate)");
        assertThatThrownBy(() -> new BenchRequest("bert", "infer", 1, 30, 4, 64, 8, 2, 1, 4, DeviceChoice.CPU, null))
                .hasMessage("--hidden 30 is not divisible by --heads 4");
    }
}
