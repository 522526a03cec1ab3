package dev.graft.serve;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.config.ModelConfig;
import dev.graft.core.config.ModelConfigs;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.generate.GenerationConfig;
import dev.graft.core.generate.GenerationRequest;
import dev.graft.core.generate.GenerationResult;
import dev.graft.core.model.bert.BertConfig;
import dev.graft.core.model.distilbert.DistilBertConfig;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * {@code graft serve}: one model behind HTTP. An encoder classifier serves {@code /v1/classify} and
 * {@code /predict}; GPT-2 and T5 serve {@code /v1/completions}. One worker thread owns the model and
 * runs the batches a {@link Batcher} gathers; HTTP threads parse, validate, queue and wait.
 */
public final class Server implements AutoCloseable {
    /** What the loaded model serves. */
    public enum Task { CLASSIFY, COMPLETIONS }

    private final ServeConfig config;
    private final Task task;
    private final String modelName;
    private final AutoCloseable model;
    private final Batcher<?, ?> batcher;
    private final AdapterRegistry adapters;
    private final ServeMetrics metrics;
    private final Javalin app;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean ready;
    private volatile boolean draining;
    private boolean closed;

    private Server(ServeConfig config, AdapterRuntime.Factory runtimes, UnaryOperator<Completer> wrap) {
        this.config = config;
        this.modelName = config.model().toAbsolutePath().normalize().getFileName().toString();
        Device device = GraftEngine.resolve(config.device());
        ModelConfig mc = ModelConfigs.read(config.model());
        ReentrantLock modelLock = new ReentrantLock();
        ClassifyRoutes classify = null;
        CompletionRoutes complete = null;
        Batcher<?, ?> b;
        AdapterRegistry registry;
        ServeMetrics m = new ServeMetrics(this::batcherDepth, inFlight::get);
        this.metrics = m;
        task = taskOf(mc);
        if (task == Task.CLASSIFY) {
            Classifier c = Classifier.load(config.model(), device);
            model = c;
            registry = new AdapterRegistry(config.adapters(), runtimes.create(c), modelLock);
            AdapterBatches<ClassifyRoutes.Row> batches = new AdapterBatches<>(ClassifyRoutes.Row::adapter, registry, modelLock,
                    config.adapterBatching());
            Batcher<ClassifyRoutes.Row, float[]> cb = new Batcher<>("graft-classify", config.maxBatchSize(),
                    config.maxBatchDelayMs(), config.maxQueue(), rows -> batches.run(rows,
                            (group, adapters) -> c.probabilities(group.stream().map(ClassifyRoutes.Row::encoding).toList(), adapters)), m);
            b = cb;
            classify = new ClassifyRoutes(c, cb, new ModelRoutes(modelName, registry));
        } else {
            Completer c = wrap.apply(Completer.load(config.model(), device));
            model = c;
            registry = new AdapterRegistry(config.adapters(), runtimes.create(c), modelLock);
            AdapterBatches<CompletionRoutes.Row> batches = new AdapterBatches<>(CompletionRoutes.Row::adapter, registry, modelLock,
                    config.adapterBatching());
            Batcher<CompletionRoutes.Row, GenerationResult> gb = new Batcher<>("graft-generate", config.maxBatchSize(),
                    config.maxBatchDelayMs(), config.maxQueue(), rows -> batches.run(rows, (group, adapters) -> generate(c, group)), m);
            b = gb;
            complete = new CompletionRoutes(c, gb, new ModelRoutes(modelName, registry));
        }
        this.batcher = b;
        this.adapters = registry;
        this.app = routes(classify, complete);
    }

    /** What a model of this config serves: encoder classifiers classify, the rest (GPT-2, T5) complete. */
    static Task taskOf(ModelConfig mc) {
        return mc instanceof BertConfig || mc instanceof DistilBertConfig ? Task.CLASSIFY : Task.COMPLETIONS;
    }

    private int batcherDepth() {
        Batcher<?, ?> b = batcher;
        return b == null ? 0 : b.depth();
    }

    /** Loads the model and the LoRA adapters of {@code --adapters}, warms up, and listens. */
    public static Server start(ServeConfig config) {
        return start(config, AdapterRuntime.Factory.LORA, UnaryOperator.identity());
    }

    /** As {@link #start(ServeConfig)} with another adapter runtime (tests record calls through a fake one). */
    public static Server start(ServeConfig config, AdapterRuntime.Factory runtimes) {
        return start(config, runtimes, UnaryOperator.identity());
    }

    static Server start(ServeConfig config, AdapterRuntime.Factory runtimes, UnaryOperator<Completer> wrap) {
        ListenAddress.check(config.host(), config.port());
        Server s = new Server(config, runtimes, wrap);
        try {
            s.adapters.loadAll();
            try {
                s.app.start(config.host(), config.port());
            } catch (JavalinBindException e) {
                // Javalin says "Port already in use" whatever the cause (the port may have been taken since the check).
                throw ListenAddress.failure(config.host(), config.port(), e);
            }
            s.warmUp();
            s.ready = true;
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private List<?> generate(Completer c, List<CompletionRoutes.Row> rows) {
        List<GenerationRequest> requests = rows.stream().map(CompletionRoutes.Row::request).toList();
        List<GenerationResult> results = c.generate(requests, (row, token) -> rows.get(row).listener().onToken(0, token));
        metrics.tokensGenerated(results.stream().mapToLong(r -> r.generated().length).sum());
        return results;
    }

    /** One request through the whole path, so the first user does not pay for lazy initialisation. */
    @SuppressWarnings("unchecked")
    private void warmUp() {
        if (task == Task.CLASSIFY) {
            Classifier c = (Classifier) model;
            ((Batcher<ClassifyRoutes.Row, float[]>) batcher).submit(new ClassifyRoutes.Row(c.encode("warm up", null, "text"), null)).join();
        } else {
            GenerationRequest r = new GenerationRequest(new long[] {0}, GenerationConfig.greedy(2));
            ((Batcher<CompletionRoutes.Row, GenerationResult>) batcher).submit(
                    new CompletionRoutes.Row(r, null, (row, token) -> {})).join();
        }
    }

    private Javalin routes(ClassifyRoutes classify, CompletionRoutes complete) {
        AdminRoutes admin = new AdminRoutes(adapters, config.adminToken());
        String page = resource("playground.html");
        return Javalin.create(c -> {
            c.http.compressionStrategy = CompressionStrategy.NONE;
            c.startup.showJavalinBanner = false;
            c.jetty.modifyServer(server -> server.setStopTimeout(5_000));
            c.requestLogger.http((ctx, ms) -> {
                inFlight.decrementAndGet();
                metrics.request(routeOf(ctx), ctx.statusCode(), (long) (ms * 1e6));
            });
            c.routes.before(ctx -> {
                inFlight.incrementAndGet();
                if (draining && !ctx.path().equals("/health") && !ctx.path().equals("/metrics")) {
                    throw new ApiException(503, "unavailable", null, "the server is shutting down");
                }
            });
            c.routes.get("/", ctx -> ctx.html(page));
            c.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
            c.routes.get("/ready", ctx -> {
                if (ready && !draining) {
                    ctx.json(Map.of("status", "ready", "model", modelName, "task", task.name().toLowerCase()));
                } else {
                    throw new ApiException(503, "unavailable", null, draining ? "shutting down" : "loading the model");
                }
            });
            c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            c.routes.get("/v1/models", this::models);
            c.routes.post("/v1/classify", ctx -> need(classify, "/v1/classify").classify(ctx));
            c.routes.post("/predict", ctx -> need(classify, "/predict").predict(ctx));
            c.routes.post("/v1/completions", ctx -> need(complete, "/v1/completions").complete(ctx));
            c.routes.post("/admin/adapters/{name}", admin::load);
            c.routes.delete("/admin/adapters/{name}", admin::unload);
            c.routes.exception(ApiException.class, (e, ctx) -> fail(ctx, e.status(), e.type(), e.param(), e.getMessage(), e.headers()));
            // A fault of the server, not of the request: the client gets what failed, not the exception class.
            c.routes.exception(Exception.class, (e, ctx) -> fail(ctx, 500, "server_error", null,
                    "the server failed on this request: " + (e.getMessage() == null ? "no detail" : e.getMessage()), Map.of()));
            c.routes.error(404, ctx -> {
                if (ctx.attribute("graft.error") == null) {
                    fail(ctx, 404, "not_found_error", null, "no route " + ctx.method() + " " + ctx.path(), Map.of());
                }
            });
            c.routes.error(405, ctx -> {
                if (ctx.attribute("graft.error") == null) {
                    fail(ctx, 405, "invalid_request_error", null, "method " + ctx.method() + " not allowed on " + ctx.path(), Map.of());
                }
            });
        });
    }

    private <T> T need(T routes, String path) {
        if (routes == null) {
            throw new ApiException(404, "not_found_error", null, path + " is not served: this server's model ("
                    + modelName + ") serves " + (task == Task.CLASSIFY ? "/v1/classify and /predict" : "/v1/completions"));
        }
        return routes;
    }

    private void fail(Context ctx, int status, String type, String param, String message, Map<String, String> headers) {
        metrics.error(type, status);
        ctx.attribute("graft.error", Boolean.TRUE);
        headers.forEach(ctx::header);
        ctx.status(status).contentType("application/json").result(Json.write(Json.error(message, type, param)));
    }

    private static String routeOf(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    private void models(Context ctx) {
        ObjectNode out = Json.MAPPER.createObjectNode().put("object", "list");
        ArrayNode data = out.putArray("data");
        data.addObject().put("id", modelName).put("object", "model").put("owned_by", "graft")
                .put("task", task.name().toLowerCase()).putNull("parent");
        for (String a : adapters.names()) {
            data.addObject().put("id", a).put("object", "model").put("owned_by", "graft")
                    .put("task", task.name().toLowerCase()).put("parent", modelName);
        }
        ctx.contentType("application/json").result(Json.write(out));
    }

    private static String resource(String name) {
        try (InputStream in = Server.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/graft/serve/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return app.port();
    }

    public String url() {
        return "http://" + (config.host().contains(":") ? "[" + config.host() + "]" : config.host()) + ":" + port();
    }

    /** The loaded {@link Classifier} or {@link Completer} (for in-process measurements). */
    Object model() {
        return model;
    }

    public Task task() {
        return task;
    }

    public boolean isReady() {
        return ready && !draining;
    }

    /**
     * Graceful stop: new requests get 503, queued and running ones finish and their responses are
     * written (up to 60 s), then the HTTP server stops and the model is freed.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        draining = true;
        if (batcher != null) {
            batcher.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // The request logger (which counts a request out) runs just before Jetty completes the
        // response; give the last responses a moment to reach the socket before connectors close.
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (app != null) {
            app.stop();
        }
        try {
            model.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot free the model", e);
        }
    }
}
