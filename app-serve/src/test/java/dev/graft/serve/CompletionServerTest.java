package dev.graft.serve;

import static dev.graft.serve.ClassifyServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CompletionServerTest {
    static Server server;
    static String url;

    @BeforeAll
    static void start() {
        // A long batch delay so concurrent requests surely share a batch.
        server = Server.start(ServeConfig.local(TestModels.generator()).withBatching(8, 200, 64));
        url = server.url();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String body(String prompt, int maxTokens, long seed, String extra) {
        return "{\"prompt\": \"" + prompt + "\", \"max_tokens\": " + maxTokens + ", \"temperature\": 0.9, \"top_p\": 0.95, "
                + "\"top_k\": 50, \"seed\": " + seed + extra + "}";
    }

    @Test
    void completesWithOpenAiShape() {
        Http.Reply r = Http.post(url + "/v1/completions", body("The cat sleeps", 8, 7, ""));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("object").asText()).isEqualTo("text_completion");
        assertThat(j.get("model").asText()).isEqualTo("gpt2-lm");
        JsonNode choice = j.get("choices").get(0);
        assertThat(choice.get("finish_reason").asText()).isIn("length", "stop");
        assertThat(choice.get("token_ids").size()).isBetween(1, 8);
        assertThat(j.get("usage").get("completion_tokens").asInt()).isEqualTo(choice.get("token_ids").size());
        assertThat(j.get("seed").asLong()).isEqualTo(7);
        assertThat(Http.get(url + "/ready").json().get("task").asText()).isEqualTo("completions");
        assertThat(Http.get(url + "/metrics").body()).containsPattern("graft_tokens_generated_total [1-9]");
    }

    @Test
    void sameSeedGivesTheSameTextAloneAndBatchedWithOthers() {
        String mine = body("A man plays a guitar", 12, 42, "");
        JsonNode alone = Http.post(url + "/v1/completions", mine).json().get("choices").get(0);
        List<CompletableFuture<Http.Reply>> all = new ArrayList<>();
        all.add(CompletableFuture.supplyAsync(() -> Http.post(url + "/v1/completions", mine)));
        for (int i = 0; i < 5; i++) {
            String other = body("Someone makes music " + "and more ".repeat(i), 4 + 3 * i, 100 + i, "");
            all.add(CompletableFuture.supplyAsync(() -> Http.post(url + "/v1/completions", other)));
        }
        JsonNode batched = all.get(0).join().json().get("choices").get(0);
        all.forEach(f -> assertThat(f.join().status()).isEqualTo(200));
        assertThat(batched.get("token_ids")).isEqualTo(alone.get("token_ids"));
        assertThat(batched.get("text")).isEqualTo(alone.get("text"));
        // The six really shared a batch: one batch of more than four rows was run.
        String m = Http.get(url + "/metrics").body();
        assertThat(bucket(m, "8.0")).isGreaterThan(bucket(m, "4.0"));
    }

    static double bucket(String metrics, String le) {
        java.util.regex.Matcher x = java.util.regex.Pattern.compile("graft_batch_size_bucket\\{le=\"" + java.util.regex.Pattern.quote(le)
                + "\"\\} ([0-9.]+)").matcher(metrics);
        assertThat(x.find()).as(metrics).isTrue();
        return Double.parseDouble(x.group(1));
    }

    @Test
    void streamsSseChunksEndingWithDone() throws Exception {
        String plain = Http.post(url + "/v1/completions", body("The cat", 10, 5, "")).json().get("choices").get(0).get("text").asText();
        Http.Reply r = Http.post(url + "/v1/completions", body("The cat", 10, 5, ", \"stream\": true"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        String[] events = r.body().split("\n\n");
        assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (int i = 0; i < events.length - 1; i++) {
            assertThat(events[i]).startsWith("data: {");
            JsonNode c = Http.JSON.readTree(events[i].substring(6)).get("choices").get(0);
            text.append(c.get("text").asText());
            if (!c.get("finish_reason").isNull()) {
                finish = c.get("finish_reason").asText();
            }
        }
        assertThat(text.toString()).isEqualTo(plain);
        assertThat(finish).isIn("length", "stop");
    }

    @Test
    void refusesInvalidParametersNamingThem() {
        String c = url + "/v1/completions";
        assertError(Http.post(c, "{\"prompt\": \"a\", \"top_p\": 2}"), 422, "invalid_request_error", "top_p", "top_p must be in (0, 1], got 2.0");
        assertError(Http.post(c, "{\"prompt\": \"a\", \"temperature\": -1}"), 422, "invalid_request_error", "temperature", ">= 0");
        assertError(Http.post(c, "{\"prompt\": \"a\", \"max_tokens\": 0}"), 422, "invalid_request_error", "max_tokens", "max_tokens must be > 0");
        assertError(Http.post(c, "{\"prompt\": \"a\", \"max_tokens\": \"many\"}"), 422, "invalid_request_error", "max_tokens", "must be an integer");
        assertError(Http.post(c, "{\"prompt\": \"a\", \"top_k\": -3}"), 422, "invalid_request_error", "top_k", "top_k must be >= 0");
        assertError(Http.post(c, "{\"prompt\": \"a\", \"stream\": \"yes\"}"), 422, "invalid_request_error", "stream", "true or false");
        assertError(Http.post(c, "{\"prompt\": \"a\", \"stop\": [1]}"), 422, "invalid_request_error", "stop", "strings");
        assertError(Http.post(c, "{\"prompt\": \"a\", \"n\": 2}"), 422, "invalid_request_error", "n", "n must be 1");
        assertError(Http.post(c, "{\"max_tokens\": 3}"), 422, "invalid_request_error", "prompt", "prompt is required");
        assertError(Http.post(c, "{\"prompt\": [1, 5000]}"), 422, "invalid_request_error", "prompt", "[0, 999]");
        assertError(Http.post(c, "{\"prompt\": \"" + "word ".repeat(80) + "\"}"), 422, "invalid_request_error", "prompt",
                "exceeds the model's limit of 64 tokens");
        assertError(Http.post(c, "{\"prompt\": \"a\", \"max_tokens\": 70}"), 422, "invalid_request_error", "prompt", "limit of 64");
        assertError(Http.post(c, "{\"prompt\": \"a\", \"model\": \"other\"}"), 404, "not_found_error", "model", "not loaded");
        assertError(Http.post(c, "{\"prompt\": \"a\",}"), 400, "invalid_request_error", null, "invalid JSON");
        // Streamed or not, a body is one JSON value: what follows it is refused before any token is sent.
        for (String stream : List.of("false", "true")) {
            String one = "{\"prompt\": \"a\", \"max_tokens\": 2, \"stream\": " + stream + "}";
            assertError(Http.post(c, one + " {\"prompt\": \"b\"}"), 400, "invalid_request_error", null, "invalid JSON: more"
                    + " text after the JSON value, which ends at line 1, column " + one.length() + "; send one JSON value per request");
        }
        assertError(Http.post(url + "/v1/classify", "{\"text\": \"a\"}"), 404, "not_found_error", null, "serves /v1/completions");
    }
}
