package dev.graft.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** The server's Prometheus metrics (names as scraped: {@code graft_request_duration_seconds} …). */
public final class ServeMetrics implements Batcher.Observer {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer queueTime;
    private final DistributionSummary batchSize;
    private final Counter tokens;

    public ServeMetrics(IntSupplier queueDepth, IntSupplier inFlight) {
        queueTime = Timer.builder("graft.queue.time").description("Time a request waited for the model worker")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        batchSize = DistributionSummary.builder("graft.batch.size").description("Requests per model batch")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128).register(registry);
        tokens = Counter.builder("graft.tokens.generated").description("Tokens generated").register(registry);
        Gauge.builder("graft.queue.depth", queueDepth::getAsInt).description("Requests waiting for the model worker")
                .register(registry);
        Gauge.builder("graft.requests.in.flight", inFlight::getAsInt).description("HTTP requests being handled")
                .register(registry);
    }

    /** Records one HTTP request's duration under its route pattern and status. */
    public void request(String route, int status, long nanos) {
        Timer.builder("graft.request.duration").description("HTTP request duration")
                .tags("route", route, "status", Integer.toString(status))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts one error response by its type and status. */
    public void error(String type, int status) {
        Counter.builder("graft.errors").description("Error responses by type")
                .tags("type", type, "status", Integer.toString(status)).register(registry).increment();
    }

    public void tokensGenerated(long n) {
        tokens.increment(n);
    }

    @Override
    public void batchStarted(int size, List<Long> queueNanos) {
        batchSize.record(size);
        queueNanos.forEach(n -> queueTime.record(n, TimeUnit.NANOSECONDS));
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
