package dev.graft.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClassifyServerTest {
    static Server server;
    static String url;

    @BeforeAll
    static void start() {
        server = Server.start(ServeConfig.local(TestModels.classifier()));
        url = server.url();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void classifiesAPairWithEveryLabelHighestFirst() {
        Http.Reply r = Http.post(url + "/v1/classify", "{\"premise\": \"A man plays a guitar.\", \"hypothesis\": \"Someone makes music.\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode labels = r.json().get("data").get(0).get("labels");
        assertThat(labels).hasSize(3);
        assertThat(labels.findValuesAsText("label")).containsExactlyInAnyOrder("entailment", "neutral", "contradiction");
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            sum += labels.get(i).get("score").asDouble();
            if (i > 0) {
                assertThat(labels.get(i).get("score").asDouble()).isLessThanOrEqualTo(labels.get(i - 1).get("score").asDouble());
            }
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(r.json().get("model").asText()).isEqualTo("bert-seqcls");
    }

    @Test
    void textPairEqualsPremiseHypothesisAndListsKeepOrder() {
        JsonNode a = Http.post(url + "/v1/classify", "{\"premise\": \"The cat sleeps.\", \"hypothesis\": \"A cat rests.\"}").json();
        JsonNode b = Http.post(url + "/v1/classify", "{\"text\": \"The cat sleeps.\", \"text_pair\": \"A cat rests.\"}").json();
        assertThat(b.get("data")).isEqualTo(a.get("data"));
        Http.Reply list = Http.post(url + "/v1/classify",
                "[{\"text\": \"one\"}, {\"premise\": \"The cat sleeps.\", \"hypothesis\": \"A cat rests.\"}]");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().get("data")).hasSize(2);
        JsonNode second = list.json().get("data").get(1).get("labels");
        assertThat(second.get(0).get("label")).isEqualTo(a.get("data").get(0).get("labels").get(0).get("label"));
        assertThat(second.get(0).get("score").asDouble())
                .isCloseTo(a.get("data").get(0).get("labels").get(0).get("score").asDouble(), org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void predictTakesTeiShapes() {
        Http.Reply single = Http.post(url + "/predict", "{\"inputs\": \"A man plays.\"}");
        assertThat(single.status()).as(single.body()).isEqualTo(200);
        assertThat(single.json()).hasSize(1);
        assertThat(single.json().get(0)).hasSize(3);
        assertThat(single.json().get(0).get(0).has("label")).isTrue();
        assertThat(single.json().get(0).get(0).has("score")).isTrue();
        Http.Reply pair = Http.post(url + "/predict", "{\"inputs\": [\"A man plays.\", \"Music.\"]}");
        assertThat(pair.json()).hasSize(1);
        Http.Reply batch = Http.post(url + "/predict", "{\"inputs\": [[\"A man plays.\", \"Music.\"], [\"Alone\"]]}");
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        assertThat(batch.json()).hasSize(2);
        // Batched with a shorter row (padded and masked): the same labels, scores equal to float noise.
        for (int i = 0; i < 3; i++) {
            assertThat(batch.json().get(0).get(i).get("label")).isEqualTo(pair.json().get(0).get(i).get("label"));
            assertThat(batch.json().get(0).get(i).get("score").asDouble())
                    .isCloseTo(pair.json().get(0).get(i).get("score").asDouble(), org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void healthReadyModelsAndPage() {
        assertThat(Http.get(url + "/health").json().get("status").asText()).isEqualTo("ok");
        Http.Reply ready = Http.get(url + "/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("task").asText()).isEqualTo("classify");
        JsonNode models = Http.get(url + "/v1/models").json();
        assertThat(models.get("data").get(0).get("id").asText()).isEqualTo("bert-seqcls");
        Http.Reply page = Http.get(url + "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Graft playground</title>");
    }

    @Test
    void metricsExposeTheHistogramsAndCounters() {
        Http.post(url + "/v1/classify", "{\"text\": \"metrics\"}");
        Http.post(url + "/v1/classify", "{oops");
        String m = Http.get(url + "/metrics").body();
        assertThat(m).contains("graft_request_duration_seconds_bucket{route=\"/v1/classify\",status=\"200\"")
                .contains("graft_queue_time_seconds_bucket").contains("graft_batch_size_bucket")
                .contains("graft_queue_depth").contains("graft_tokens_generated_total")
                .contains("graft_errors_total{status=\"400\",type=\"invalid_request_error\"}");
    }

    @Test
    void errorsNameTheFieldAndUseTheIntendedStatus() {
        assertError(Http.post(url + "/v1/classify", "{\"text\": "), 400, "invalid_request_error", null, "invalid JSON");
        // An unclosed object says where it opened, without Jackson's "[Source: REDACTED ..." internals.
        assertError(Http.post(url + "/v1/classify", "{"), 400, "invalid_request_error", null, "invalid JSON: Unexpected"
                + " end-of-input: expected close marker for Object (opened at line 1, column 1) at line 1, column 2");
        assertError(Http.post(url + "/v1/classify", ""), 400, "invalid_request_error", null, "empty");
        assertError(Http.post(url + "/v1/classify", "{\"text\": 3}"), 422, "invalid_request_error", "text", "text must be a string");
        assertError(Http.post(url + "/v1/classify", "{\"premise\": \"a\"}"), 422, "invalid_request_error", "hypothesis", "hypothesis is required");
        assertError(Http.post(url + "/v1/classify", "{\"foo\": \"a\"}"), 422, "invalid_request_error", "text", "give premise and hypothesis");
        assertError(Http.post(url + "/v1/classify", "[{\"text\": \"a\"}, {\"text\": [1]}]"), 422, "invalid_request_error", "[1].text", "must be a string");
        assertError(Http.post(url + "/v1/classify", "[]"), 422, "invalid_request_error", "inputs", "1 to 256");
        assertError(Http.post(url + "/v1/classify", "{\"text\": \"" + "word ".repeat(100) + "\"}"), 422,
                "invalid_request_error", "text", "the model's limit is 64 tokens");
        assertError(Http.post(url + "/predict", "{\"inputs\": 5}"), 422, "invalid_request_error", "inputs", "inputs must be");
        assertError(Http.post(url + "/predict", "{\"inputs\": [[\"a\", \"b\", \"c\"]]}"), 422, "invalid_request_error", "inputs[0]", "one or two strings");
        assertError(Http.post(url + "/v1/classify", "{\"text\": \"" + "x".repeat((1 << 20) + 10) + "\"}"), 413,
                "request_too_large", null, "1 MiB");
        assertError(Http.post(url + "/v1/classify", "{\"text\": \"a\", \"model\": \"nope\"}"), 404, "not_found_error", "model", "not loaded");
        assertError(Http.post(url + "/v1/classify", "{\"text\": \"a\", \"adapter\": \"../etc\"}"), 422, "invalid_request_error", "adapter", "[A-Za-z0-9._-]");
        assertError(Http.post(url + "/v1/completions", "{\"prompt\": \"a\"}"), 404, "not_found_error", null, "serves /v1/classify");
        assertError(Http.get(url + "/nowhere"), 404, "not_found_error", null, "no route GET /nowhere");
        assertError(Http.send(HttpRequest.newBuilder(URI.create(url + "/admin/adapters/x")).POST(HttpRequest.BodyPublishers.noBody())),
                404, "not_found_error", null, "admin routes are off");
    }

    @Test
    void aBodyWithTextAfterItsJsonValueIsA400NamingWhereTheValueEnded() {
        String pair = "{\"premise\": \"a\", \"hypothesis\": \"b\"}"; // 35 characters
        String after35 = "invalid JSON: more text after the JSON value, which ends at line 1, column 35; send one JSON value per request";
        assertError(Http.post(url + "/v1/classify", pair + " garbage"), 400, "invalid_request_error", null, after35);
        assertError(Http.post(url + "/v1/classify", pair + pair), 400, "invalid_request_error", null, after35);
        assertError(Http.post(url + "/v1/classify", "[{\"text\": \"a\"}]\n[{\"text\": \"b\"}]"), 400, "invalid_request_error", null,
                "invalid JSON: more text after the JSON value, which ends at line 1, column 15;");
        assertError(Http.post(url + "/predict", "{\"inputs\": \"a\"}\n\n  ,"), 400, "invalid_request_error", null,
                "invalid JSON: more text after the JSON value, which ends at line 1, column 15;");
        assertError(Http.post(url + "/v1/classify", " \n\t "), 400, "invalid_request_error", null,
                "the request body holds only whitespace; send a JSON object");
        // Whitespace after the value is no more text.
        assertThat(Http.post(url + "/v1/classify", pair + " \r\n").status()).isEqualTo(200);
    }

    static void assertError(Http.Reply r, int status, String type, String param, String messagePart) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonNode e = r.error();
        assertThat(e.get("type").asText()).isEqualTo(type);
        assertThat(e.get("message").asText()).contains(messagePart);
        if (param == null) {
            assertThat(e.get("param").isNull()).as(r.body()).isTrue();
        } else {
            assertThat(e.get("param").asText()).isEqualTo(param);
        }
    }
}
