package dev.graft.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The load generator's mechanics on tiny runs; the real runs are {@code graft serve-load}. */
class LoadGeneratorTest {
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);

    @Test
    void classifyRunReportsThroughputLatencyAndTheRawBaseline() {
        JsonNode out = LoadGenerator.run(new LoadGenerator.Request(TestModels.classifier(), "classify", new int[] {1, 4}, 12, 30, 8), log);
        assertThat(out.get("runs")).hasSize(2);
        for (JsonNode run : out.get("runs")) {
            assertThat(run.get("requests").asInt()).isEqualTo(12);
            assertThat(run.get("unexpected_status").asInt()).isZero();
            assertThat(run.get("p99_ms").asDouble()).isGreaterThanOrEqualTo(run.get("p50_ms").asDouble()).isPositive();
        }
        assertThat(out.get("raw_batched_requests_per_s").asDouble()).isPositive();
        assertThat(out.get("ratio_last_concurrency_vs_raw_batched").asDouble()).isPositive();
        assertThat(out.get("samples_shortened_to_fit").asInt()).as("every sample fits 64 positions").isZero();
        assertThat(logged.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void classifyCutsItsSamplesToAModelOfFewPositionsAndSaysSo() {
        Path model = TestModels.shortClassifier();
        JsonNode out = LoadGenerator.run(new LoadGenerator.Request(model, "classify", new int[] {1, 4}, 40, 30, 8), log);
        for (JsonNode run : out.get("runs")) {
            assertThat(run.get("requests").asInt()).isEqualTo(40);
            assertThat(run.get("unexpected_status").asInt()).as(out.toString()).isZero();
        }
        int shortened = out.get("samples_shortened_to_fit").asInt();
        assertThat(shortened).isBetween(1, 255);
        assertThat(logged.toString(StandardCharsets.UTF_8)).startsWith("note: --model " + model + " takes inputs of at most 24"
                + " tokens; " + shortened + " of serve-load's 256 sample pairs are longer, and lose words from their ends to fit (");
        assertThat(out.get("mean_tokens_per_request").asDouble()).isBetween(10.0, 24.0);
    }

    @Test
    void soakOnAModelOfFewPositionsGetsEveryStatusAsIntended() {
        JsonNode out = LoadGenerator.run(new LoadGenerator.Request(TestModels.shortClassifier(), "soak", new int[] {4}, 80, 30, 8), log);
        assertThat(out.get("all_statuses_as_intended").asBoolean()).as(out.toString()).isTrue();
        assertThat(out.get("by_kind").get("valid_pair").get("sent").asInt()).isPositive();
        assertThat(out.get("by_kind").get("too_long").get("sent").asInt()).isPositive();
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("sample pairs are longer, and lose words from their ends");
    }

    @Test
    void adaptersModeOnAModelOfFewPositionsRunsOnCutSamples() {
        JsonNode out = LoadGenerator.run(new LoadGenerator.Request(TestModels.shortClassifier(), "adapters", new int[] {1}, 1, 30, 2), log);
        assertThat(out.get("runs")).hasSize(6);
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("of serve-load's 32 sample pairs are longer");
    }

    @Test
    void soakChecksEveryStatusAndStopsAtTheTimeLimit() {
        JsonNode out = LoadGenerator.run(new LoadGenerator.Request(TestModels.classifier(), "soak", new int[] {4}, 60, 30, 8), log);
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
