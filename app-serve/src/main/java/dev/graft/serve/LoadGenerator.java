package dev.graft.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.generate.GenerationConfig;
import dev.graft.core.generate.GenerationRequest;
import dev.graft.core.generate.TokenListener;
import dev.graft.core.tokenize.Encoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A bounded load generator against a server it starts itself on loopback: a fixed number of requests
 * per run and a time limit, after which it stops on its own. Prints one JSON object. The requests carry
 * {@link LoadInputs}' samples, fitted to the model's length first.
 *
 * <ul>
 *   <li>{@code classify}: throughput and p50/p99 latency at each concurrency, and the raw batched
 *       throughput of the same model on the same inputs (one forward pass per 32, no HTTP).</li>
 *   <li>{@code generate}: tokens/s streamed over SSE at each concurrency, and tokens/s of the generator
 *       alone (what {@code graft generate} does) for the same prompt.</li>
 *   <li>{@code soak}: valid, invalid and oversized bodies mixed; every status checked against the one
 *       intended; resident memory sampled; readiness checked at the end.</li>
 * </ul>
 */
public final class LoadGenerator {
    /** What to run; {@code seconds} bounds each phase. */
    public record Request(Path model, String mode, int[] concurrency, int requests, int seconds, int maxTokens) {}

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static ObjectNode run(Request r) {
        return run(r, System.err);
    }

    /** As {@link #run(Request)}, its notes (samples cut to fit the model) on {@code log}. */
    public static ObjectNode run(Request r, PrintStream log) {
        LoadModes.check(r.mode(), r.model());
        if (r.mode().equals("adapters")) {
            return AdapterBench.run(r.model(), 4, Math.max(1, Math.min(r.requests(), 1000)), r.maxTokens(), log);
        }
        ServeConfig config = ServeConfig.local(r.model()).withBatching(32, 5, 1024);
        try (Server server = Server.start(config)) {
            LoadGenerator g = new LoadGenerator();
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("mode", r.mode()).put("model", r.model().toString()).put("server", server.url())
                    .put("max_batch_size", config.maxBatchSize()).put("max_batch_delay_ms", config.maxBatchDelayMs());
            switch (r.mode()) {
                case "classify" -> g.classify(server, r, out, log);
                case "generate" -> g.generate(server, r, out);
                case "soak" -> g.soak(server, r, out, log);
                default -> throw new IllegalArgumentException("--mode must be classify, generate, soak or adapters, got " + r.mode());
            }
            return out;
        }
    }

    private void classify(Server server, Request r, ObjectNode out, PrintStream log) {
        Classifier model = (Classifier) modelOf(server);
        LoadInputs.Samples pairs = LoadInputs.forClassifier(LoadInputs::pair, LoadInputs.POOL, "sample pairs", model, r.model(), log);
        out.put("samples_shortened_to_fit", pairs.shortened());
        IntFunction<Outcome> send = i -> post(server.url() + "/v1/classify", pairs.get(i).classifyBody());
        // Warm-up (not measured): JIT and libtorch's first passes at each batch shape.
        drive(32, Math.min(r.requests(), 320), r.seconds(), send, 200);
        ArrayNode runs = out.putArray("runs");
        double first = 0;
        double last = 0;
        for (int c : r.concurrency()) {
            ObjectNode run = drive(c, r.requests(), r.seconds(), send, 200);
            runs.add(run);
            first = first == 0 ? run.get("requests_per_s").asDouble() : first;
            last = run.get("requests_per_s").asDouble();
        }
        List<Encoding> batch = new ArrayList<>();
        long tokens = 0;
        for (int i = 0; i < 32; i++) {
            Encoding e = model.encode(pairs.get(i).premise(), pairs.get(i).hypothesis(), "text");
            tokens += e.length();
            batch.add(e);
        }
        // The worker is idle now; the raw pass shares the model but not the HTTP path.
        int steps = 20;
        model.probabilities(batch);
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            model.probabilities(batch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double raw = 32.0 * steps / seconds;
        out.put("raw_batched_requests_per_s", round(raw)).put("raw_batched_tokens_per_s", round(tokens * steps / seconds))
                .put("mean_tokens_per_request", round(tokens / 32.0));
        out.put("speedup_last_vs_first_concurrency", round(last / first));
        out.put("ratio_last_concurrency_vs_raw_batched", round(last / raw));
    }

    private void generate(Server server, Request r, ObjectNode out) {
        String prompt = "the man plays a guitar in the park";
        Completer model = (Completer) modelOf(server);
        long[] ids = model.tokenizer().encode(prompt).ids();
        LoadInputs.checkGeneration(model.decoder(), ids.length, r.maxTokens(), r.model());
        GenerationRequest alone = new GenerationRequest(ids, new GenerationConfig(r.maxTokens(), 0f, 0, 1f, 1f,
                java.util.Set.of(), List.of(), 0));
        String body = "{\"prompt\": \"" + prompt + "\", \"max_tokens\": " + r.maxTokens() + ", \"temperature\": 0, \"stream\": true}";
        drive(4, Math.min(r.requests(), 8), r.seconds(), i -> stream(server.url() + "/v1/completions", body), 200);
        ArrayNode runs = out.putArray("runs");
        for (int c : r.concurrency()) {
            AtomicLong tokens = new AtomicLong();
            long t0 = System.nanoTime();
            ObjectNode run = drive(c, r.requests(), r.seconds(), i -> {
                Outcome o = stream(server.url() + "/v1/completions", body);
                tokens.addAndGet(o.tokens());
                return o;
            }, 200);
            double s = (System.nanoTime() - t0) / 1e9;
            run.put("streamed_tokens_per_s", round(tokens.get() / s));
            runs.add(run);
        }
        // The generator alone on the same model and prompt, measured after the server runs (warm, idle worker).
        model.generate(List.of(alone), TokenListener.NONE);
        long start = System.nanoTime();
        int produced = 0;
        int repeats = Math.max(3, Math.min(r.requests(), 10));
        for (int i = 0; i < repeats; i++) {
            produced += model.generate(List.of(alone), TokenListener.NONE).get(0).generated().length;
        }
        double aloneTps = produced / ((System.nanoTime() - start) / 1e9);
        out.put("generator_alone_tokens_per_s", round(aloneTps)).put("max_tokens", r.maxTokens());
        out.put("ratio_streamed_c1_vs_generator_alone", round(runs.get(0).get("streamed_tokens_per_s").asDouble() / aloneTps));
    }

    private static Object modelOf(Server server) {
        return server.model();
    }

    /** The kinds of request the soak mixes, each with the status it must get. */
    private record Kind(String name, int status, IntFunction<String> body) {}

    private void soak(Server server, Request r, ObjectNode out, PrintStream log) {
        Classifier model = (Classifier) modelOf(server);
        LoadInputs.Samples pairs = LoadInputs.forClassifier(LoadInputs::pair, LoadInputs.POOL, "sample pairs", model, r.model(), log);
        LoadInputs.Samples texts = LoadInputs.forClassifier(LoadInputs::text, LoadInputs.POOL, "sample texts", model, r.model(), log);
        out.put("samples_shortened_to_fit", pairs.shortened() + texts.shortened());
        String big = "{\"text\": \"" + "x".repeat((1 << 20) + 100) + "\"}";
        String tooLong = LoadInputs.tooLongBody(model.maxLength());
        List<Kind> kinds = List.of(
                new Kind("valid_pair", 200, i -> pairs.get(i).classifyBody()),
                new Kind("valid_tei", 200, i -> texts.get(i).predictBody()),
                new Kind("invalid_json", 400, i -> "{\"premise\": \"a\", "),
                new Kind("missing_field", 422, i -> "{\"premise\": \"a\"}"),
                new Kind("wrong_type", 422, i -> "{\"text\": " + i + "}"),
                new Kind("too_long", 422, i -> tooLong),
                new Kind("unknown_adapter", 404, i -> "{\"text\": \"a\", \"model\": \"nope-" + (i % 7) + "\"}"),
                new Kind("oversized", 413, i -> big));
        int[] weights = {40, 20, 8, 8, 8, 6, 6, 4};
        int total = Arrays.stream(weights).sum();
        int[] pick = new int[total];
        for (int k = 0, at = 0; k < weights.length; k++) {
            for (int w = 0; w < weights[k]; w++) {
                pick[at++] = k;
            }
        }
        AtomicInteger[] wrong = new AtomicInteger[kinds.size()];
        AtomicInteger[] count = new AtomicInteger[kinds.size()];
        for (int k = 0; k < kinds.size(); k++) {
            wrong[k] = new AtomicInteger();
            count[k] = new AtomicInteger();
        }
        AtomicInteger fiveHundreds = new AtomicInteger();
        List<Long> rss = java.util.Collections.synchronizedList(new ArrayList<>());
        int sampleEvery = Math.max(1, r.requests() / 20);
        ObjectNode run = drive(r.concurrency()[0], r.requests(), r.seconds(), i -> {
            Kind k = kinds.get(pick[new Random(i * 31L + 7).nextInt(total)]);
            int idx = kinds.indexOf(k);
            Outcome o = post(server.url() + (k.name().equals("valid_tei") ? "/predict" : "/v1/classify"), k.body().apply(i));
            count[idx].incrementAndGet();
            if (o.status() != k.status()) {
                wrong[idx].incrementAndGet();
            }
            if (o.status() >= 500) {
                fiveHundreds.incrementAndGet();
            }
            if (i % sampleEvery == 0) {
                rss.add(residentKib());
            }
            return new Outcome(o.status() == k.status() ? 200 : o.status(), 0);
        }, 200);
        out.set("run", run);
        ObjectNode byKind = out.putObject("by_kind");
        for (int k = 0; k < kinds.size(); k++) {
            byKind.putObject(kinds.get(k).name()).put("expected_status", kinds.get(k).status()).put("sent", count[k].get())
                    .put("wrong_status", wrong[k].get());
        }
        out.put("responses_5xx", fiveHundreds.get());
        out.put("all_statuses_as_intended", Arrays.stream(wrong).mapToInt(AtomicInteger::get).sum() == 0);
        ArrayNode samples = out.putArray("rss_kib_samples");
        rss.forEach(samples::add);
        if (rss.size() >= 4) {
            long warm = rss.get(rss.size() / 4);
            long end = rss.get(rss.size() - 1);
            out.put("rss_kib_after_warmup", warm).put("rss_kib_at_end", end).put("rss_growth_after_warmup_pct", round(100.0 * (end - warm) / warm));
        }
        out.put("ready_at_end", post(server.url() + "/ready", null).status() == 200);
    }

    /** One response: its status and, for a stream, the tokens it carried. */
    record Outcome(int status, long tokens) {}

    /**
     * Sends {@code requests} requests from {@code concurrency} threads (stopping early after {@code seconds})
     * and reports throughput and latency percentiles.
     */
    ObjectNode drive(int concurrency, int requests, int seconds, IntFunction<Outcome> send, int expected) {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[requests];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger unexpected = new AtomicInteger();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread th = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < requests && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    Outcome o = send.apply(i);
                    latencies[i] = System.nanoTime() - t0;
                    done.incrementAndGet();
                    if (o.status() != expected) {
                        unexpected.incrementAndGet();
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] got = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
        ObjectNode run = Json.MAPPER.createObjectNode();
        run.put("concurrency", concurrency).put("requests", done.get()).put("seconds", round(elapsed))
                .put("requests_per_s", round(done.get() / elapsed))
                .put("p50_ms", round(percentile(got, 0.50) / 1e6)).put("p99_ms", round(percentile(got, 0.99) / 1e6))
                .put("unexpected_status", unexpected.get()).put("stopped_by_time_limit", done.get() < requests);
        return run;
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private Outcome post(String url, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Outcome(r.statusCode(), 0);
        } catch (IOException e) {
            return new Outcome(-1, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(-1, 0);
        }
    }

    private Outcome stream(String url, String body) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            String all = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
            long tokens = all.split("\"token_id\":", -1).length - 1;
            return new Outcome(all.endsWith("data: [DONE]\n\n") ? r.statusCode() : 599, tokens);
        } catch (IOException e) {
            return new Outcome(-1, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(-1, 0);
        }
    }

    /** This process's resident set (the server runs in it), from /proc; 0 where there is none. */
    static long residentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return 0;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
