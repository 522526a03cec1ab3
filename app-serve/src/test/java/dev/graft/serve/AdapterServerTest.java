package dev.graft.serve;

import static dev.graft.serve.ClassifyServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adapter routing, admin auth and name validation, on a fake {@link AdapterRuntime} that records calls. */
class AdapterServerTest {
    /** Records loads, unloads and which adapter each batch ran under. */
    static final class FakeRuntime implements AdapterRuntime {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void load(String name, Path dir) throws Exception {
            if (!Files.isRegularFile(dir.resolve("adapter_config.json"))) {
                throw new java.io.FileNotFoundException(dir.resolve("adapter_config.json") + " not found");
            }
            calls.add("load " + name + " " + dir.getFileName());
        }

        @Override
        public void unload(String name) {
            calls.add("unload " + name);
        }

        @Override
        public void activate(String name) {
            calls.add("activate " + name);
        }
    }

    static Path adapter(Path root, String name) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\"}");
        return dir;
    }

    static HttpRequest.Builder admin(String url, String name, String token, boolean delete) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/admin/adapters/" + name));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return delete ? b.DELETE() : b.POST(HttpRequest.BodyPublishers.noBody());
    }

    @Test
    void routesRequestsByModelOrAdapterFieldAndAdminLoadsAndUnloads(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("adapters"));
        adapter(root, "nli-lora");
        Files.createDirectories(root.resolve("broken"));
        Files.writeString(tmp.resolve("secret.txt"), "outside");
        FakeRuntime runtime = new FakeRuntime();
        ServeConfig config = ServeConfig.local(TestModels.classifier()).withAdapters(root, "s3cret");
        // "broken" has no adapter_config.json: start-up names it.
        assertThatThrownBy(() -> Server.start(config, m -> runtime)).hasMessageContaining("broken")
                .hasMessageContaining("adapter_config.json");
        Files.writeString(root.resolve("broken").resolve("adapter_config.json"), "{}");
        runtime.calls.clear();
        try (Server s = Server.start(config, m -> runtime)) {
            String url = s.url();
            assertThat(runtime.calls).containsExactly("load broken broken", "load nli-lora nli-lora", "activate null");
            assertThat(Http.get(url + "/v1/models").json().findValuesAsText("id")).containsExactly("bert-seqcls", "broken", "nli-lora");
            runtime.calls.clear();
            assertThat(Http.post(url + "/v1/classify", "{\"text\": \"a\", \"model\": \"nli-lora\"}").json().get("model").asText())
                    .isEqualTo("nli-lora");
            assertThat(Http.post(url + "/v1/classify", "{\"text\": \"a\", \"adapter\": \"nli-lora\"}").status()).isEqualTo(200);
            assertThat(Http.post(url + "/v1/classify", "{\"text\": \"a\", \"model\": \"bert-seqcls\"}").json().get("model").asText())
                    .isEqualTo("bert-seqcls");
            assertThat(runtime.calls).containsExactly("activate nli-lora", "activate null", "activate nli-lora", "activate null",
                    "activate null");
            assertError(Http.post(url + "/v1/classify", "{\"text\": \"a\", \"model\": \"nli-lora\", \"adapter\": \"broken\"}"),
                    422, "invalid_request_error", "model", "disagree");

            // Admin: token required, names validated, directories must be inside the adapters directory.
            assertError(Http.send(admin(url, "nli-lora", null, false)), 401, "authentication_error", null, "Bearer");
            assertError(Http.send(admin(url, "nli-lora", "wrong", true)), 401, "authentication_error", null, "Bearer");
            adapter(root, "late");
            assertError(Http.post(url + "/v1/classify", "{\"text\": \"a\", \"model\": \"late\"}"), 404, "not_found_error", "model", "not loaded");
            assertThat(Http.send(admin(url, "late", "s3cret", false)).json().get("adapters").toString()).contains("late");
            assertThat(Http.post(url + "/v1/classify", "{\"text\": \"a\", \"model\": \"late\"}").status()).isEqualTo(200);
            assertThat(Http.send(admin(url, "late", "s3cret", true)).status()).isEqualTo(200);
            assertThat(runtime.calls).contains("load late late", "unload late");
            assertError(Http.post(url + "/v1/classify", "{\"text\": \"a\", \"model\": \"late\"}"), 404, "not_found_error", "model", "not loaded");
            assertError(Http.send(admin(url, "late", "s3cret", true)), 404, "not_found_error", "adapter", "is not loaded");
            assertError(Http.send(admin(url, "missing", "s3cret", false)), 404, "not_found_error", "adapter", "not found");
            assertError(Http.send(admin(url, "..", "s3cret", false)), 422, "invalid_request_error", "name", "[A-Za-z0-9._-]");
            assertError(Http.send(admin(url, "%2E%2E%2Fsecret.txt", "s3cret", false)), 422, "invalid_request_error", "name", "[A-Za-z0-9._-]");
            assertError(Http.send(admin(url, "a%5Cb", "s3cret", false)), 422, "invalid_request_error", "name", "[A-Za-z0-9._-]");
            assertThat(runtime.calls).noneMatch(c -> c.contains("secret"));
        }
    }

    @Test
    void namesThatLeaveTheDirectoryAreRefused(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("adapters"));
        Path outside = adapter(tmp, "outside");
        Files.createSymbolicLink(root.resolve("link"), outside);
        AdapterRegistry registry = new AdapterRegistry(root, new FakeRuntime(), new ReentrantLock());
        for (String bad : List.of("..", ".", "../outside", "a/b", "a\\b", "", "x".repeat(129), "é", "name with space", "/etc")) {
            assertThatThrownBy(() -> AdapterRegistry.validName(bad, "model")).as(bad).isInstanceOf(ApiException.class)
                    .hasMessageContaining("[A-Za-z0-9._-]");
        }
        assertThat(AdapterRegistry.validName("v1.2_lora-b", "model")).isEqualTo("v1.2_lora-b");
        // A symbolic link whose target is outside the adapters directory is not an adapter.
        assertThatThrownBy(() -> registry.load("link")).isInstanceOf(ApiException.class).hasMessageContaining("not found");
        assertThat(registry.names()).isEmpty();
    }

    @Test
    void withoutAnAdapterRuntimeAdminLoadIsNotImplemented(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("adapters"));
        try (Server s = Server.start(ServeConfig.local(TestModels.classifier()).withAdapters(root, "t"), AdapterRuntime.Factory.UNAVAILABLE)) {
            adapter(root, "lora");
            assertError(Http.send(admin(s.url(), "lora", "t", false)), 501, "not_implemented", "name", "no adapter runtime");
        }
    }
}
