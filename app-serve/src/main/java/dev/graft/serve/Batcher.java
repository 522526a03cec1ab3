package dev.graft.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Dynamic batching: a bounded queue in front of one worker thread that owns the model. The worker takes
 * the oldest request, then gathers more until the batch is full or {@code maxDelayMs} has passed since
 * that request arrived, and runs them as one batch.
 *
 * @param <I> one request's input
 * @param <O> its result
 */
public final class Batcher<I, O> implements AutoCloseable {
    /**
     * Runs one batch; returns one result per input, in order: an {@code O}, or a {@link RuntimeException}
     * for a row that fails alone. Throwing fails the whole batch. Called on the worker thread only.
     */
    @FunctionalInterface
    public interface BatchFunction<I, O> {
        List<?> apply(List<I> inputs) throws Exception;
    }

    /** Receives what the worker observes (for metrics). */
    public interface Observer {
        Observer NONE = new Observer() {};

        default void batchStarted(int size, List<Long> queueNanos) {}
    }

    private record Job<I, O>(I input, CompletableFuture<O> result, long enqueuedNanos) {}

    private static final Object POISON = new Object();

    private final BlockingQueue<Object> queue;
    private final int maxBatchSize;
    private final long maxDelayNanos;
    private final BatchFunction<I, O> function;
    private final Observer observer;
    private final Thread worker;
    private volatile boolean accepting = true;

    public Batcher(String name, int maxBatchSize, long maxDelayMs, int maxQueue, BatchFunction<I, O> function, Observer observer) {
        if (maxBatchSize < 1 || maxDelayMs < 0 || maxQueue < 1) {
            throw new IllegalArgumentException("max batch size must be >= 1, delay >= 0 and queue >= 1, got "
                    + maxBatchSize + ", " + maxDelayMs + ", " + maxQueue);
        }
        this.queue = new ArrayBlockingQueue<>(maxQueue + 1); // + 1: room for the stop marker
        this.maxBatchSize = maxBatchSize;
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMs);
        this.function = function;
        this.observer = observer;
        this.maxQueue = maxQueue;
        this.worker = new Thread(this::work, name);
        worker.setDaemon(true);
        worker.start();
    }

    private final int maxQueue;

    /**
     * Queues one request. Throws a 429 {@link ApiException} (with Retry-After) when the queue is full and
     * a 503 one when the batcher is shutting down.
     */
    public CompletableFuture<O> submit(I input) {
        CompletableFuture<O> result = new CompletableFuture<>();
        synchronized (this) {
            if (!accepting) {
                throw new ApiException(503, "unavailable", null, "the server is shutting down");
            }
            if (queue.size() >= maxQueue || !queue.offer(new Job<>(input, result, System.nanoTime()))) {
                throw new ApiException(429, "queue_full", null, "the request queue is full (" + maxQueue
                        + " waiting); retry later", Map.of("Retry-After", "1"));
            }
        }
        return result;
    }

    /** Requests waiting for the worker. */
    public int depth() {
        return queue.size();
    }

    @SuppressWarnings("unchecked")
    private void work() {
        List<Job<I, O>> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                Object first = queue.take();
                if (first == POISON) {
                    break;
                }
                batch.add((Job<I, O>) first);
                long deadline = ((Job<I, O>) first).enqueuedNanos() + maxDelayNanos;
                while (batch.size() < maxBatchSize) {
                    long wait = deadline - System.nanoTime();
                    Object next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (next == POISON) {
                        stopping = true;
                        break;
                    }
                    batch.add((Job<I, O>) next);
                }
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
            batch.clear();
        }
        // Anything left (only after an interrupt) is refused rather than left hanging.
        for (Object o = queue.poll(); o != null; o = queue.poll()) {
            if (o != POISON) {
                ((Job<I, O>) o).result().completeExceptionally(
                        new ApiException(503, "unavailable", null, "the server is shutting down"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void run(List<Job<I, O>> batch) {
        long now = System.nanoTime();
        List<I> inputs = new ArrayList<>(batch.size());
        List<Long> waited = new ArrayList<>(batch.size());
        for (Job<I, O> j : batch) {
            inputs.add(j.input());
            waited.add(now - j.enqueuedNanos());
        }
        observer.batchStarted(batch.size(), waited);
        try {
            List<?> outputs = function.apply(inputs);
            if (outputs.size() != batch.size()) {
                throw new IllegalStateException("batch of " + batch.size() + " gave " + outputs.size() + " results");
            }
            for (int i = 0; i < batch.size(); i++) {
                Object o = outputs.get(i);
                if (o instanceof RuntimeException) {
                    batch.get(i).result().completeExceptionally((RuntimeException) o);
                } else {
                    batch.get(i).result().complete((O) o);
                }
            }
        } catch (Throwable t) {
            batch.forEach(j -> j.result().completeExceptionally(t));
        }
    }

    /** Stops accepting, lets the worker finish every queued request, and waits for it. */
    @Override
    public void close() {
        synchronized (this) {
            if (!accepting) {
                return;
            }
            accepting = false;
            queue.offer(POISON);
        }
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
