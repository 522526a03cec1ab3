package dev.graft.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graft.serve.ServeConfig.AdapterBatching;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grouped batches run one pass per adapter, the base model's rows in a group of their own. */
class AdapterBatchesTest {
    /** Records what was active for each pass. */
    private static final class Recording implements AdapterRuntime {
        final List<String> activations = new ArrayList<>();

        @Override
        public void load(String name, Path dir) {}

        @Override
        public void unload(String name) {}

        @Override
        public void activate(String name) {
            activations.add(name);
        }
    }

    @Test
    void anAdapterCalledNullIsNotTheBaseModel(@TempDir Path root) throws Exception {
        Files.createDirectory(root.resolve("null"));
        Recording runtime = new Recording();
        ReentrantLock lock = new ReentrantLock();
        AdapterRegistry registry = new AdapterRegistry(root, runtime, lock);
        registry.loadAll();
        AdapterBatches<String> batches = new AdapterBatches<>(row -> row.equals("base") ? null : row, registry, lock,
                AdapterBatching.GROUPED);
        List<List<String>> passes = new ArrayList<>();
        List<?> out = batches.run(List.of("null", "base", "null"), (rows, adapters) -> {
            passes.add(adapters);
            return rows;
        });
        assertThat(new ArrayList<Object>(out)).containsExactly("null", "base", "null");
        assertThat(passes).containsExactly(List.of("null", "null"), Arrays.asList((String) null));
        assertThat(runtime.activations).containsExactly("null", null, null);
    }
}
