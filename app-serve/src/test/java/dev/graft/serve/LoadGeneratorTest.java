package dev.graft.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The load generator's mechanics on tiny runs; the real runs are {@code graft serve-load}. */
class LoadGeneratorTest {
    @Test
    void classifyRunReportsThroughputLatencyAndTheRawBaseline() {
        JsonNode out = LoadGenerator.run(new LoadGenerator.Request(TestModels.classifier(), "classify", new int[] {1, 4}, 12, 30, 8));
        assertThat(out.get("runs")).hasSize(2);
        for (JsonNode run : out.get("runs")) {
            assertThat(run.get("requests").asInt()).isEqualTo(12);
            assertThat(run.get("unexpected_status").asInt()).isZero();
            assertThat(run.get("p99_ms").asDouble()).isGreaterThanOrEqualTo(run.get("p50_ms").asDouble()).isPositive();
        }
        assertThat(out.get("raw_batched_requests_per_s").asDouble()).isPositive();
        assertThat(out.get("ratio_last_concurrency_vs_raw_batched").asDouble()).isPositive();
    }

    @Test
    void soakChecksEveryStatusAndStopsAtTheTimeLimit() {
        JsonNode out = LoadGenerator.run(new LoadGenerator.Request(TestModels.classifier(), "soak", new int[] {4}, 60, 30, 8));
        assertThat(out.get("all_statuses_as_intended").asBoolean()).as(out.toString()).isTrue();
        assertThat(out.get("responses_5xx").asInt()).isZero();
        assertThat(out.get("ready_at_end").asBoolean()).isTrue();
        assertThat(out.get("run").get("requests").asInt()).isEqualTo(60);
        int sent = 0;
        for (JsonNode k : out.get("by_kind")) {
            sent += k.get("sent").asInt();
        }
        assertThat(sent).isEqualTo(60);
        JsonNode bounded = LoadGenerator.run(new LoadGenerator.Request(TestModels.classifier(), "classify", new int[] {1}, 100_000, 1, 8));
        assertThat(bounded.get("runs").get(0).get("stopped_by_time_limit").asBoolean()).isTrue();
    }

    @Test
    void generateRunCountsStreamedTokens() {
        JsonNode out = LoadGenerator.run(new LoadGenerator.Request(TestModels.generator(), "generate", new int[] {1, 2}, 4, 30, 8));
        assertThat(out.get("generator_alone_tokens_per_s").asDouble()).isPositive();
        assertThat(out.get("runs").get(0).get("streamed_tokens_per_s").asDouble()).isPositive();
        assertThat(out.get("runs").get(1).get("unexpected_status").asInt()).isZero();
    }
}
