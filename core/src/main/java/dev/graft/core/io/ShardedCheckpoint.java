package dev.graft.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Hugging Face checkpoint directory: either one {@code model.safetensors} or shards listed by
 * {@code model.safetensors.index.json}, whose {@code weight_map} maps each tensor key to its shard's file name.
 *
 * <p>The index is trusted for names (the served names are exactly its keys) but not for content: every key is checked
 * to exist in its shard when the directory is opened, so a bad index fails at once rather than mid-load.
 */
public final class ShardedCheckpoint implements TensorSource {
    public static final String INDEX_FILE = "model.safetensors.index.json";
    public static final String SINGLE_FILE = "model.safetensors";
    private static final List<String> PYTORCH_FILES = List.of("pytorch_model.bin", "pytorch_model.bin.index.json");

    private final Path indexFile;
    private final List<SafetensorsFile> shards;
    private final SortedMap<String, SafetensorsFile> shardOf;
    private final Map<String, String> metadata;

    private ShardedCheckpoint(Path indexFile, List<SafetensorsFile> shards, SortedMap<String, SafetensorsFile> shardOf,
            Map<String, String> metadata) {
        this.indexFile = indexFile;
        this.shards = shards;
        this.shardOf = shardOf;
        this.metadata = metadata;
    }

    /**
     * Opens the checkpoint in {@code dir}: the sharded index if there is one, else {@code model.safetensors}.
     *
     * @throws CheckpointFormatException if neither exists (naming the directory and what was looked for) or the
     *     checkpoint is malformed
     */
    public static TensorSource openDirectory(Path dir) {
        Path index = dir.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return openIndex(index);
        }
        Path single = dir.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            return SafetensorsFile.open(single);
        }
        StringBuilder message = new StringBuilder(dir + ": no safetensors checkpoint found; looked for "
                + INDEX_FILE + " and " + SINGLE_FILE);
        if (!Files.isDirectory(dir)) {
            message.append(" (").append(dir).append(" is not a directory)");
        }
        for (String name : PYTORCH_FILES) {
            if (Files.exists(dir.resolve(name))) {
                message.append("; found ").append(name).append(", but PyTorch pickle checkpoints are not supported:"
                        + " convert it to safetensors (e.g. model.save_pretrained(dir, safe_serialization=True))");
                break;
            }
        }
        throw new CheckpointFormatException(message.toString());
    }

    /** Opens the shards named by a {@code model.safetensors.index.json}, each once, and checks every mapped key. */
    public static ShardedCheckpoint openIndex(Path indexFile) {
        SortedMap<String, List<String>> keysByShard = new TreeMap<>();
        Map<String, String> indexMetadata = new TreeMap<>();
        readIndex(indexFile, keysByShard, indexMetadata);

        Path dir = indexFile.toAbsolutePath().normalize().getParent();
        List<SafetensorsFile> shards = new ArrayList<>();
        SortedMap<String, SafetensorsFile> shardOf = new TreeMap<>();
        Map<String, String> metadata = new TreeMap<>();
        try {
            for (Map.Entry<String, List<String>> e : keysByShard.entrySet()) {
                String shardName = e.getKey();
                String someKey = e.getValue().get(0);
                Path shardFile = dir.resolve(shardName).normalize();
                if (!shardFile.startsWith(dir) || !Files.isRegularFile(shardFile)) {
                    throw new CheckpointFormatException(indexFile + ": key '" + someKey + "' maps to shard '"
                            + shardName + "', which is not a file in " + dir);
                }
                SafetensorsFile shard = SafetensorsFile.open(shardFile);
                shards.add(shard);
                metadata.putAll(shard.metadata());
                for (String key : e.getValue()) {
                    if (!shard.contains(key)) {
                        throw new CheckpointFormatException(indexFile + ": key '" + key + "' maps to shard '"
                                + shardName + "', but that shard has no such tensor (it holds "
                                + shard.names().size() + " tensors)");
                    }
                    shardOf.put(key, shard);
                }
            }
        } catch (RuntimeException failure) {
            closeAll(shards, failure);
            throw failure;
        }
        metadata.putAll(indexMetadata); // the index describes the whole checkpoint, so it wins over any one shard
        return new ShardedCheckpoint(indexFile, List.copyOf(shards), Collections.unmodifiableSortedMap(shardOf),
                Collections.unmodifiableMap(metadata));
    }

    /** Fills {@code keysByShard} from {@code weight_map} and {@code metadata} from the index's {@code metadata}. */
    private static void readIndex(Path indexFile, Map<String, List<String>> keysByShard, Map<String, String> metadata) {
        JsonNode root;
        try {
            root = SafetensorsHeader.JSON.readTree(Files.readAllBytes(indexFile));
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(indexFile + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shard index " + indexFile + ": " + IoReason.of(e), e);
        }
        JsonNode weightMap = root == null ? null : root.get("weight_map");
        if (weightMap == null || !weightMap.isObject() || weightMap.isEmpty()) {
            throw new CheckpointFormatException(indexFile + ": expected a non-empty \"weight_map\" object mapping"
                    + " tensor keys to shard file names, found " + (weightMap == null ? "none" : weightMap.toString()));
        }
        for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
            if (!e.getValue().isTextual()) {
                throw new CheckpointFormatException(indexFile + ": weight_map entry for key '" + e.getKey()
                        + "' must be a shard file name, found " + e.getValue());
            }
            keysByShard.computeIfAbsent(e.getValue().asText(), s -> new ArrayList<>()).add(e.getKey());
        }
        JsonNode meta = root.get("metadata");
        if (meta != null && meta.isObject()) {
            // HF writes numbers here (total_size); TensorSource metadata is strings, so they keep their JSON text
            meta.properties().forEach(e -> metadata.put(e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        }
    }

    /** The index file this checkpoint was opened from. */
    public Path indexFile() {
        return indexFile;
    }

    @Override
    public Set<String> names() {
        return shardOf.keySet();
    }

    @Override
    public TensorInfo info(String name) {
        return shard(name).info(name);
    }

    @Override
    public NDArray load(String name, NDManager manager) {
        return shard(name).load(name, manager);
    }

    @Override
    public float[] readFloats(String name) {
        return shard(name).readFloats(name);
    }

    @Override
    public long[] readLongs(String name) {
        return shard(name).readLongs(name);
    }

    @Override
    public Path fileOf(String name) {
        return shard(name).file();
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (SafetensorsFile shard : shards) {
            try {
                shard.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "ShardedCheckpoint[" + indexFile + ", " + shards.size() + " shards, " + shardOf.size() + " tensors]";
    }

    private SafetensorsFile shard(String name) {
        SafetensorsFile shard = shardOf.get(name);
        if (shard == null) {
            throw new IllegalArgumentException(indexFile + ": no tensor '" + name + "' in the weight_map (it maps "
                    + shardOf.size() + " tensors)");
        }
        return shard;
    }

    private static void closeAll(List<SafetensorsFile> shards, RuntimeException failure) {
        for (SafetensorsFile shard : shards) {
            try {
                shard.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
