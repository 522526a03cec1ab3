package dev.graft.serve;

import static dev.graft.serve.ClassifyServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graft.core.generate.GenerationResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Failures that a real model does not produce on demand: a full queue, a batch failing mid-stream. */
class FaultInjectionTest {
    @Test
    void fullQueueAnswers429WithRetryAfter() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServeConfig config = ServeConfig.local(TestModels.generator()).withBatching(1, 0, 1);
        boolean[] warm = {false};
        try (Server s = Server.start(config, AdapterRuntime.Factory.UNAVAILABLE, c -> c.withGenerator((requests, listener) -> {
            if (warm[0]) {
                started.countDown();
                await(release);
            }
            warm[0] = true;
            return requests.stream().map(r -> new GenerationResult(r.prompt(), new long[] {1},
                    "x", dev.graft.core.generate.FinishReason.LENGTH)).toList();
        }))) {
            String body = "{\"prompt\": [1, 2], \"max_tokens\": 1}";
            CompletableFuture<Http.Reply> running = CompletableFuture.supplyAsync(() -> Http.post(s.url() + "/v1/completions", body));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Http.Reply> queued = CompletableFuture.supplyAsync(() -> Http.post(s.url() + "/v1/completions", body));
            // Once the second waits in the (one-place) queue, a third is refused at once.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Http.get(s.url() + "/metrics").body().contains("graft_queue_depth 1.0") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Http.Reply refused = Http.post(s.url() + "/v1/completions", body);
            assertError(refused, 429, "queue_full", null, "the request queue is full");
            assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("1");
            release.countDown();
            assertThat(running.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(queued.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(Http.get(s.url() + "/metrics").body()).contains("graft_errors_total{status=\"429\",type=\"queue_full\"}");
        }
    }

    @Test
    void failureAfterStreamingBeganArrivesAsSseErrorEvent() {
        boolean[] warm = {false};
        try (Server s = Server.start(ServeConfig.local(TestModels.generator()), AdapterRuntime.Factory.UNAVAILABLE,
                c -> c.withGenerator((requests, listener) -> {
                    if (!warm[0]) {
                        warm[0] = true;
                        return requests.stream().map(r -> new GenerationResult(r.prompt(), new long[] {1}, "x",
                                dev.graft.core.generate.FinishReason.LENGTH)).toList();
                    }
                    listener.onToken(0, 17);
                    throw new IllegalStateException("device lost");
                }))) {
            Http.Reply r = Http.post(s.url() + "/v1/completions", "{\"prompt\": \"The cat\", \"max_tokens\": 5, \"stream\": true}");
            assertThat(r.status()).isEqualTo(200);
            List<String> events = List.of(r.body().split("\n\n"));
            assertThat(events.get(0)).startsWith("data: {");
            assertThat(events.get(events.size() - 1)).startsWith("event: error\ndata: {\"error\":")
                    .contains("generation failed: device lost").contains("\"type\":\"server_error\"");
            assertThat(r.body()).doesNotContain("[DONE]");
            // Without streaming the same failure is a 500 with the error body.
            Http.Reply failed = Http.post(s.url() + "/v1/completions", "{\"prompt\": \"The cat\", \"max_tokens\": 5}");
            assertError(failed, 500, "server_error", null, "the server failed on this request: device lost");
            assertThat(failed.body()).as("no exception class names to clients").doesNotContain("IllegalStateException");
            assertThat(s.isReady()).isTrue();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
