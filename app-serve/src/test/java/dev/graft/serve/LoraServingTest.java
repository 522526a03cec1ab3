package dev.graft.serve;

import static dev.graft.serve.AdapterServerTest.admin;
import static dev.graft.serve.ClassifyServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.peft.LoraConfig;
import dev.graft.core.peft.Target;
import dev.graft.serve.ServeConfig.AdapterBatching;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real LoRA adapters (saved by core's PEFT code on the tiny fixtures) served by name, mixed in one
 * batch: each row must get what its adapter gives it alone, base rows what the base model gives.
 */
class LoraServingTest {
    private static final String TEXT = "{\"premise\": \"A man plays a guitar.\", \"hypothesis\": \"Someone makes music.\"";

    @TempDir
    static Path tmp;
    static Path classifierAdapters;
    static Path generatorAdapters;

    @BeforeAll
    static void adapters() throws Exception {
        classifierAdapters = Files.createDirectories(tmp.resolve("cls"));
        LoraAdapters.classifier(TestModels.classifier(), LoraConfig.of(4, 8f, Target.QUERY, Target.VALUE), 11,
                classifierAdapters.resolve("nli-a"));
        // A dotted name, other targets and rank, and its own classification head (modules_to_save).
        LoraAdapters.classifier(TestModels.classifier(), new LoraConfig(8, 16f, 0f, List.of("query", "key", "ffn_in"), false, true),
                22, classifierAdapters.resolve("nli.b"));
        generatorAdapters = Files.createDirectories(tmp.resolve("gen"));
        LoraAdapters.gpt2(TestModels.generator(), LoraConfig.of(4, 8f, Target.FUSED_QKV), 33, generatorAdapters.resolve("gen-x"));
        LoraAdapters.gpt2(TestModels.generator(), LoraConfig.of(2, 8f, Target.FUSED_QKV), 44, generatorAdapters.resolve("gen-y"));
    }

    /** A batch fills at 3 rows; a lone request waits up to 1 s for company. */
    private static ServeConfig config(Path model, Path adapters, AdapterBatching mode) {
        return ServeConfig.local(model).withAdapters(adapters, "tok").withBatching(3, 1000, 256).withAdapterBatching(mode);
    }

    private static String with(String body, String model) {
        return body + (model == null ? "" : ", \"model\": \"" + model + "\"") + "}";
    }

    private static float[] scores(JsonNode reply) {
        List<Float> out = new ArrayList<>();
        JsonNode labels = reply.get("data").get(0).get("labels");
        List<String> names = new ArrayList<>();
        labels.forEach(l -> names.add(l.get("label").asText()));
        names.sort(String::compareTo); // by label, not by score
        for (String n : names) {
            labels.forEach(l -> {
                if (l.get("label").asText().equals(n)) {
                    out.add((float) l.get("score").asDouble());
                }
            });
        }
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    static double maxDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /** Posts the bodies at once; with batches of 3 they run as one batch. */
    private static List<Http.Reply> together(String url, List<String> bodies) {
        List<CompletableFuture<Http.Reply>> replies = bodies.stream()
                .map(b -> CompletableFuture.supplyAsync(() -> Http.post(url, b))).toList();
        return replies.stream().map(CompletableFuture::join).toList();
    }

    private static double batchSizeMax(String url) {
        for (String line : Http.get(url + "/metrics").body().split("\n")) {
            if (line.startsWith("graft_batch_size_max")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no graft_batch_size_max in /metrics");
    }

    @Test
    void classifierAdaptersDifferAndMixInOneBatchAsAlone() {
        List<String> models = java.util.Arrays.asList("nli.b", null, "nli-a");
        float[][] alone = new float[3][];
        float[][] mixed = new float[3][];
        try (Server s = Server.start(config(TestModels.classifier(), classifierAdapters, AdapterBatching.MIXED))) {
            String url = s.url() + "/v1/classify";
            assertThat(Http.get(s.url() + "/v1/models").json().findValuesAsText("id")).containsExactly("bert-seqcls", "nli-a", "nli.b");
            for (int i = 0; i < 3; i++) {
                Http.Reply r = Http.post(url, with(TEXT, models.get(i)));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                alone[i] = scores(r.json());
            }
            assertThat(maxDiff(alone[0], alone[2])).as("nli.b vs nli-a").isGreaterThan(1e-3);
            assertThat(maxDiff(alone[2], alone[1])).as("nli-a vs base").isGreaterThan(1e-3);
            assertThat(maxDiff(alone[0], alone[1])).as("nli.b vs base").isGreaterThan(1e-3);

            List<Http.Reply> replies = together(url, models.stream().map(m -> with(TEXT, m)).toList());
            assertThat(batchSizeMax(s.url())).as("the three ran as one batch").isEqualTo(3.0);
            for (int i = 0; i < 3; i++) {
                assertThat(replies.get(i).status()).as(replies.get(i).body()).isEqualTo(200);
                mixed[i] = scores(replies.get(i).json());
                assertThat(maxDiff(mixed[i], alone[i])).as("row %d (%s) mixed vs alone", i, models.get(i)).isLessThanOrEqualTo(1e-5);
            }
            assertThat(replies.get(0).json().get("model").asText()).isEqualTo("nli.b");

            assertError(Http.post(url, with(TEXT, "nope")), 404, "not_found_error", "model",
                    "adapter 'nope' is not loaded; loaded: [nli-a, nli.b]");
            for (String bad : List.of("../x", "a/b", "", "..")) {
                assertError(Http.post(url, with(TEXT, bad)), 422, "invalid_request_error", "model",
                        "adapter names are 1-128 characters of [A-Za-z0-9._-] and not . or ..; got '" + bad + "'");
            }
        }
        // One sub-batch per adapter gives the same.
        try (Server s = Server.start(config(TestModels.classifier(), classifierAdapters, AdapterBatching.GROUPED))) {
            List<Http.Reply> replies = together(s.url() + "/v1/classify", models.stream().map(m -> with(TEXT, m)).toList());
            for (int i = 0; i < 3; i++) {
                assertThat(maxDiff(scores(replies.get(i).json()), alone[i])).as("grouped row %d", i).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    @Test
    void adminLoadsAndUnloadsRealAdaptersOnlyWithTheToken(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("adapters"));
        try (Server s = Server.start(config(TestModels.classifier(), root, AdapterBatching.MIXED).withBatching(32, 0, 256))) {
            String url = s.url();
            float[] base = scores(Http.post(url + "/v1/classify", with(TEXT, null)).json());
            LoraAdapters.classifier(TestModels.classifier(), LoraConfig.of(4, 8f, Target.QUERY, Target.VALUE), 11, root.resolve("late"));
            assertError(Http.post(url + "/v1/classify", with(TEXT, "late")), 404, "not_found_error", "model",
                    "adapter 'late' is not loaded; loaded: []");
            assertError(Http.send(admin(url, "late", null, false)), 401, "authentication_error", null,
                    "admin routes need Authorization: Bearer <admin token>");
            assertError(Http.send(admin(url, "late", "wrong", false)), 401, "authentication_error", null, "Bearer");
            assertThat(Http.send(admin(url, "late", "tok", false)).json().get("adapters").toString()).isEqualTo("[\"late\"]");
            float[] late = scores(Http.post(url + "/v1/classify", with(TEXT, "late")).json());
            assertThat(maxDiff(late, base)).isGreaterThan(1e-3);

            assertError(Http.send(admin(url, "late", null, true)), 401, "authentication_error", null, "Bearer");
            assertThat(Http.send(admin(url, "late", "tok", true)).json().get("unloaded").asText()).isEqualTo("late");
            assertError(Http.post(url + "/v1/classify", with(TEXT, "late")), 404, "not_found_error", "model", "is not loaded");
            // Unloading took the adapter off the model: the base is back, and a reload gives the adapter again.
            assertThat(maxDiff(scores(Http.post(url + "/v1/classify", with(TEXT, null)).json()), base)).isLessThanOrEqualTo(1e-6);
            assertThat(Http.send(admin(url, "late", "tok", false)).status()).isEqualTo(200);
            assertThat(maxDiff(scores(Http.post(url + "/v1/classify", with(TEXT, "late")).json()), late)).isLessThanOrEqualTo(1e-6);

            for (String bad : List.of("..", "%2E%2E%2Fx")) {
                assertError(Http.send(admin(url, bad, "tok", false)), 422, "invalid_request_error", "name",
                        "adapter names are 1-128 characters of [A-Za-z0-9._-]");
            }
            Path ia3 = Files.createDirectories(root.resolve("ia3"));
            Files.writeString(ia3.resolve("adapter_config.json"), "{\"peft_type\": \"IA3\"}");
            assertError(Http.send(admin(url, "ia3", "tok", false)), 422, "invalid_request_error", "adapter",
                    "peft_type IA3; the server mixes LoRA adapters only");
            Path broken = Files.createDirectories(root.resolve("broken"));
            Files.writeString(broken.resolve("adapter_config.json"), Files.readString(root.resolve("late").resolve("adapter_config.json")));
            assertError(Http.send(admin(url, "broken", "tok", false)), 422, "invalid_request_error", "adapter",
                    "adapter 'broken' cannot be loaded");
            // A failed load leaves nothing behind.
            assertThat(maxDiff(scores(Http.post(url + "/v1/classify", with(TEXT, null)).json()), base)).isLessThanOrEqualTo(1e-6);
            assertThat(Http.get(url + "/v1/models").json().findValuesAsText("id")).containsExactly("bert-seqcls", "late");
        }
    }

    @Test
    void anAdapterConfigThatIsNotJsonIsNamedAtStartAndOnAdminLoad(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("adapters"));
        Path config = Files.createDirectories(root.resolve("broken")).resolve("adapter_config.json");
        Files.writeString(config, "{");
        String expected = "adapter 'broken' cannot be loaded: " + config.toRealPath() + " is not valid JSON (Unexpected end-of-input:"
                + " expected close marker for Object (opened at line 1, column 1) at line 1, column 2): fix the file or save the"
                + " adapter again";
        assertThatThrownBy(() -> Server.start(config(TestModels.classifier(), root, AdapterBatching.MIXED))).hasMessage(expected);
        Files.delete(config);
        Files.delete(config.getParent());
        try (Server s = Server.start(config(TestModels.classifier(), root, AdapterBatching.MIXED))) {
            Files.createDirectories(config.getParent());
            Files.writeString(config, "{");
            Http.Reply r = Http.send(admin(s.url(), "broken", "tok", false));
            assertError(r, 422, "invalid_request_error", "adapter", expected);
            assertThat(r.body()).doesNotContain("Source").doesNotContain("StreamReadFeature");
        }
    }

    @Test
    void completionsWithAdaptersAreSeedDeterministicUnderMixedBatching() {
        String prompt = "{\"prompt\": \"The cat sleeps on\", \"max_tokens\": 12, \"temperature\": 0.9, \"top_k\": 50, \"seed\": 5";
        List<String> models = java.util.Arrays.asList("gen-x", "gen-y", null);
        try (Server s = Server.start(config(TestModels.generator(), generatorAdapters, AdapterBatching.MIXED))) {
            String url = s.url() + "/v1/completions";
            List<JsonNode> alone = new ArrayList<>();
            for (String m : models) {
                Http.Reply r = Http.post(url, with(prompt, m));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                alone.add(r.json().get("choices").get(0));
            }
            assertThat(alone.get(0).get("text").asText()).as("gen-x vs gen-y").isNotEqualTo(alone.get(1).get("text").asText());
            assertThat(alone.get(0).get("text").asText()).as("gen-x vs base").isNotEqualTo(alone.get(2).get("text").asText());
            for (int round = 0; round < 2; round++) {
                List<Http.Reply> replies = together(url, models.stream().map(m -> with(prompt, m)).toList());
                for (int i = 0; i < 3; i++) {
                    assertThat(replies.get(i).json().get("choices").get(0)).as("row %d (%s)", i, models.get(i)).isEqualTo(alone.get(i));
                }
            }
            assertThat(batchSizeMax(s.url())).as("the three ran as one batch").isEqualTo(3.0);
        }
    }
}
