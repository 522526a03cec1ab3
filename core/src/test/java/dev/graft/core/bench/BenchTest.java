package dev.graft.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.engine.DeviceChoice;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's mechanics on a tiny shape; its speed goals are measured by running it, not here. */
class BenchTest {
    private static BenchRequest tiny(String arch, String mode) {
        return new BenchRequest(arch, mode, 1, 32, 2, 64, 8, 2, 1, 4, 1, 0, DeviceChoice.CPU, null, null);
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
        assertThatThrownBy(() -> new BenchRequest("bert", "infer", 1, 30, 4, 64, 8, 2, 1, 4, 1, 0, DeviceChoice.CPU, null, null))
                .hasMessage("--hidden 30 is not divisible by --heads 4");
        assertThatThrownBy(() -> tiny("bert", "train")).hasMessage("unknown --mode 'train'; use one of infer, generate, full, head, lora");
        assertThatThrownBy(() -> tiny("gpt2", "head")).hasMessageStartingWith("--mode head needs --arch bert");
        assertThatThrownBy(() -> new BenchRequest("bert", "infer", 1, 32, 2, 64, 8, 2, 1, 4, 1, 10, DeviceChoice.CPU, null, null))
                .hasMessageStartingWith("--report-rss-every must be >= 0 and is for the training modes");
    }

    @Test
    void aShapeBeyondMemoryIsToldInOptionTerms() throws Exception {
        // Under overcommit mode 1 the kernel grants the 1.2 TiB and the test would be killed writing it.
        java.nio.file.Path mode = java.nio.file.Path.of("/proc/sys/vm/overcommit_memory");
        org.junit.jupiter.api.Assumptions.assumeFalse(java.nio.file.Files.exists(mode)
                && java.nio.file.Files.readString(mode).strip().equals("1"), "this host grants any allocation");
        // 16 x 2 heads x 100000² attention scores: 1.2 TiB, which libtorch's allocator refuses at once.
        BenchRequest huge = new BenchRequest("bert", "infer", 1, 32, 2, 64, 100_000, 16, 1, 4, 1, 0, DeviceChoice.CPU, null, null);
        assertThatThrownBy(() -> Bench.run(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("out of memory on cpu running the shape --batch 16 --seq 100000 --hidden 32 --heads 2"
                        + " --layers 1 (one tensor needed ")
                .hasMessageEndingWith("); lower --seq or --batch");
    }

    @Test
    void aProfileThatIsADirectoryOrInAMissingFolderIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> new BenchRequest("bert", "full", 1, 32, 2, 64, 8, 2, 1, 4, 1, 0, DeviceChoice.CPU, null, dir))
                .hasMessage("--profile " + dir + ": is a directory (expected the trace file to write, e.g. "
                        + dir.resolve("trace.json") + ")");
        Path lost = dir.resolve("no/trace.json");
        assertThatThrownBy(() -> new BenchRequest("bert", "full", 1, 32, 2, 64, 8, 2, 1, 4, 1, 0, DeviceChoice.CPU, null, lost))
                .hasMessage("--profile " + lost + ": its folder " + dir.resolve("no") + " does not exist");
    }

    @Test
    void inferCountsEveryParameterAsTheAnchorDoes() {
        // 1 layer, 32 wide, FFN 64, 512 positions, 2 types, pooler, 3 labels (torch_anchor.Bert)
        long layer = 4 * (32 * 32 + 32) + 2 * 2 * 32 + (32 * 64 + 64) + (64 * 32 + 32);
        long bert = (Bench.BERT_VOCAB + 512 + 2) * 32 + 2 * 32 + layer + (32 * 32 + 32) + (32 * 3 + 3);
        assertThat(Bench.run(tiny("bert", "infer")).get("trainable_params").asLong()).isEqualTo(bert);
    }

    /** Core has no optimizer; without app-finetune on the class path the training modes say what is missing. */
    @Test
    void trainingModesNeedTheOptimizerFromAppFinetune() {
        assertThatThrownBy(() -> Bench.run(tiny("bert", "full"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("need app-finetune on the class path");
    }
}
