package dev.graft.serve;

import dev.graft.serve.ServeConfig.AdapterBatching;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs a batch whose rows name adapters, holding the model lock so adapters are not loaded or
 * unloaded mid-batch. {@link AdapterBatching#MIXED}: one forward pass in which each row adds its own
 * LoRA delta ({@link AdapterRuntime#routed}); {@link AdapterBatching#GROUPED} (or a runtime that
 * cannot mix): one pass per adapter, that adapter active. Rows whose adapter was unloaded while they
 * waited fail alone with 404.
 *
 * @param <R> a batch row
 */
final class AdapterBatches<R> {
    /** Runs rows (all of one adapter when grouped); gets each row's adapter name (null: base). */
    interface Forward<R> extends BiFunction<List<R>, List<String>, List<?>> {}

    private final Function<R, String> adapterOf;
    private final AdapterRegistry registry;
    private final ReentrantLock lock;
    private final AdapterBatching mode;

    AdapterBatches(Function<R, String> adapterOf, AdapterRegistry registry, ReentrantLock lock, AdapterBatching mode) {
        this.adapterOf = adapterOf;
        this.registry = registry;
        this.lock = lock;
        this.mode = mode;
    }

    List<?> run(List<R> rows, Forward<R> forward) {
        Object[] out = new Object[rows.size()];
        List<Integer> live = new ArrayList<>();
        lock.lock();
        try {
            for (int i = 0; i < rows.size(); i++) {
                String adapter = adapterOf.apply(rows.get(i));
                if (adapter != null && !registry.isLoaded(adapter)) {
                    out[i] = new ApiException(404, "not_found_error", "model", "adapter '" + adapter + "' was unloaded");
                } else {
                    live.add(i);
                }
            }
            AdapterRuntime runtime = registry.runtime();
            if (mode == AdapterBatching.MIXED && runtime.mixes()) {
                mixed(rows, live, forward, runtime, out);
            } else {
                grouped(rows, live, forward, runtime, out);
            }
        } finally {
            lock.unlock();
        }
        return Arrays.asList(out);
    }

    private void mixed(List<R> rows, List<Integer> live, Forward<R> forward, AdapterRuntime runtime, Object[] out) {
        if (live.isEmpty()) {
            return;
        }
        List<R> batch = live.stream().map(rows::get).toList();
        List<String> adapters = batch.stream().map(adapterOf).toList();
        List<?> results = adapters.stream().allMatch(Objects::isNull)
                ? forward.apply(batch, adapters)
                : runtime.routed(adapters, () -> forward.apply(batch, adapters));
        for (int k = 0; k < live.size(); k++) {
            out[live.get(k)] = results.get(k);
        }
    }

    private void grouped(List<R> rows, List<Integer> live, Forward<R> forward, AdapterRuntime runtime, Object[] out) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>(); // the null key: the base model's rows
        for (int i : live) {
            groups.computeIfAbsent(adapterOf.apply(rows.get(i)), k -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<String, List<Integer>> group : groups.entrySet()) {
            String adapter = group.getKey();
            List<Integer> idx = group.getValue();
            runtime.activate(adapter);
            List<?> results = forward.apply(idx.stream().map(rows::get).toList(), Collections.nCopies(idx.size(), adapter));
            for (int k = 0; k < idx.size(); k++) {
                out[idx.get(k)] = results.get(k);
            }
        }
        if (groups.keySet().stream().anyMatch(Objects::nonNull)) {
            runtime.activate(null);
        }
    }
}
