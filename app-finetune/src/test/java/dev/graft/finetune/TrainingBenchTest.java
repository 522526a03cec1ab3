package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.bench.Bench;
import dev.graft.core.bench.BenchRequest;
import dev.graft.core.engine.DeviceChoice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code graft bench}'s training modes, which core runs with this module's AdamW (found through
 * META-INF/services): the JSON carries torch_anchor.py's fields, and the trainable parameters are the
 * anchor's, counted by hand from its modules. Speed is measured by running the bench, not here.
 */
class TrainingBenchTest {
    static final int L = 1;
    static final int H = 32;
    static final int BERT_INTER = 64;
    static final int GPT2_INTER = 4 * H; // the anchor's GPT-2 is always 4·hidden wide
    static final List<String> ANCHOR_FIELDS = List.of("arch", "mode", "layers", "hidden", "heads", "inter", "seq",
            "batch", "threads", "trainable_params", "seq_per_s", "tokens_per_s");

    private static ObjectNode bench(String arch, String mode, int steps, int rssEvery) {
        int inter = arch.equals("bert") ? BERT_INTER : GPT2_INTER;
        return Bench.run(new BenchRequest(arch, mode, L, H, 2, inter, 8, 2, steps, 4, 1, rssEvery, DeviceChoice.CPU, null, null));
    }

    private static long linear(long in, long out) {
        return in * out + out;
    }

    /** torch_anchor.Bert: embeddings (30522 words, 512 positions, 2 types) + LayerNorm, layers, pooler, 3 labels. */
    static long anchorBertParams() {
        long layer = 4 * linear(H, H) + 2 * 2 * H + linear(H, BERT_INTER) + linear(BERT_INTER, H);
        return (30522 + 512 + 2) * H + 2 * H + L * layer + linear(H, H) + linear(H, 3);
    }

    /** torch_anchor.Gpt2: wte (tied to the head, counted once), 1024 positions, blocks, ln_f. */
    static long anchorGpt2Params() {
        long block = 2 * 2 * H + linear(H, 3 * H) + linear(H, H) + linear(H, GPT2_INTER) + linear(GPT2_INTER, H);
        return (50257 + 1024) * H + L * block + 2 * H;
    }

    @Test
    void everyModeReportsTheAnchorsFieldsAndItsTrainableCount() {
        long loraBert = L * 2 * (8 * H + H * 8); // A (8, in) and B (out, 8) on query and value
        long loraGpt2 = L * (8 * H + 3 * H * 8); // on the fused c_attn (out 3H)
        record Case(String arch, String mode, long params) {}
        List<Case> cases = List.of(new Case("bert", "infer", anchorBertParams()),
                new Case("bert", "full", anchorBertParams()), new Case("bert", "head", linear(H, 3)),
                new Case("bert", "lora", loraBert), new Case("gpt2", "infer", anchorGpt2Params()),
                new Case("gpt2", "full", anchorGpt2Params()), new Case("gpt2", "lora", loraGpt2));
        List<String> seen = new ArrayList<>();
        for (Case c : cases) {
            ObjectNode out = bench(c.arch(), c.mode(), 1, 0);
            assertThat(ANCHOR_FIELDS).as("%s %s: %s", c.arch(), c.mode(), out).allMatch(out::has);
            assertThat(out.get("mode").asText()).isEqualTo(c.mode());
            assertThat(out.get("trainable_params").asLong()).as("%s %s trainable parameters", c.arch(), c.mode())
                    .isEqualTo(c.params());
            assertThat(out.get("seq_per_s").asDouble()).isPositive();
            if (!c.mode().equals("infer")) {
                assertThat(out.get("optimizer").asText()).isEqualTo("adamw (app-finetune)");
                assertThat(out.get("last_loss").asDouble()).isFinite().isPositive();
            }
            seen.add(c.arch() + " " + c.mode());
        }
        assertThat(seen).hasSize(7);
    }

    /** The arrays alive in the model's manager stay the same from step to step: nothing piles up there. */
    @Test
    void memoryIsReportedAtTheAskedStepsAndNoArrayLeaks() {
        for (String mode : List.of("lora", "full")) {
            JsonNode memory = bench("bert", mode, 4, 2).get("memory");
            assertThat(memory.fieldNames()).toIterable().containsExactly("2", "4");
            assertThat(memory.get("4").get("rss_mb").asDouble()).isPositive();
            assertThat(memory.get("4").get("live_arrays").asInt()).as(mode)
                    .isEqualTo(memory.get("2").get("live_arrays").asInt());
        }
    }
}
