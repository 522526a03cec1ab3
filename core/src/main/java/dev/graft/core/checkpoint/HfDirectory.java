package dev.graft.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.io.SafetensorsWriter;
import dev.graft.core.io.ShardedCheckpoint;
import dev.graft.core.io.TensorSource;
import dev.graft.core.nn.ParameterPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** A model as a Hugging Face directory: {@code config.json} and {@code model.safetensors} (or shards). */
public final class HfDirectory {
    private HfDirectory() {}

    /**
     * Fills an initialised model from the checkpoint in {@code dir}; on a mismatch the exception
     * lists every problem (see {@link CheckpointLoader}).
     */
    public static void load(Block model, Path dir, WeightNames names, NDManager manager, boolean allowUnexpected) {
        try (TensorSource source = ShardedCheckpoint.openDirectory(dir)) {
            CheckpointLoader.load(ParameterPaths.of(model), source, names, manager, allowUnexpected);
        }
    }

    /**
     * @param prefixed whether body keys carry the family's task prefix (HF saves them so when the
     *     model has a head)
     * @param config the config.json tree to write back
     */
    public static void save(Block model, WeightNames names, boolean prefixed, ObjectNode config, Path dir) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : ParameterPaths.of(model).entrySet()) {
            String key = names.toCheckpoint(e.getKey(), prefixed)
                    .orElseThrow(() -> new IllegalStateException("no checkpoint name for " + e.getKey()));
            NDArray value = e.getValue().getArray();
            tensors.put(key, names.isTransposed(e.getKey()) ? value.transpose().duplicate() : value);
        }
        try {
            Files.createDirectories(dir);
            SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
            // Not Files.createTempFile: its files are owner-only (0600); config.json gets the usual mode, like the weights.
            Path tmp = dir.resolve(".config.json." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), config);
            Files.move(tmp, dir.resolve("config.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + dir, e);
        }
    }
}
