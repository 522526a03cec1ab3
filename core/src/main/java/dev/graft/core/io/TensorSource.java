package dev.graft.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Named tensors read on demand from a checkpoint: one safetensors file ({@link SafetensorsFile}) or a sharded
 * directory ({@link ShardedCheckpoint}). Model loaders match {@link #names()} against their parameter names and
 * {@link #load} one tensor at a time, so a checkpoint is never held in memory whole.
 *
 * <p>Asking for a name the source does not hold throws {@link IllegalArgumentException} naming the file and key.
 */
public interface TensorSource extends AutoCloseable {

    /** All tensor names, sorted. */
    Set<String> names();

    /** True if {@code name} is one of {@link #names()}. */
    default boolean contains(String name) {
        return names().contains(name);
    }

    /** Dtype, shape and byte range of a tensor; the range is absolute in {@link #fileOf(String)}. */
    TensorInfo info(String name);

    /**
     * Reads a tensor into a new array owned by {@code manager}. F16 and BF16 are widened to FLOAT32; every other
     * dtype keeps its type (see {@link DType#loadedAs()}).
     */
    NDArray load(String name, NDManager manager);

    /** The tensor as floats, widening F16 and BF16; no engine needed. */
    float[] readFloats(String name);

    /** The tensor as longs, widening any integer dtype; no engine needed. */
    long[] readLongs(String name);

    /** The file holding the tensor (for sharded checkpoints, its shard). */
    Path fileOf(String name);

    /** String metadata from the header's {@code __metadata__} (and, for sharded checkpoints, the index). */
    Map<String, String> metadata();

    /** Releases open files; I/O failures are thrown unchecked. */
    @Override
    void close();
}
