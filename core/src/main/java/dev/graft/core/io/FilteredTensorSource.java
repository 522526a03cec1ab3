package dev.graft.core.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A view of a {@link TensorSource} without some of its tensors, for loading part of a checkpoint (the
 * body of a masked-LM checkpoint under a new classification head). Closing the view does not close the
 * source.
 */
public final class FilteredTensorSource implements TensorSource {
    private final TensorSource source;
    private final Set<String> names;

    public FilteredTensorSource(TensorSource source, Set<String> hidden) {
        this.source = source;
        Set<String> kept = new TreeSet<>(source.names());
        kept.removeAll(hidden);
        this.names = Collections.unmodifiableSet(kept);
    }

    @Override
    public Set<String> names() {
        return names;
    }

    @Override
    public TensorInfo info(String name) {
        return source.info(visible(name));
    }

    @Override
    public NDArray load(String name, NDManager manager) {
        return source.load(visible(name), manager);
    }

    @Override
    public float[] readFloats(String name) {
        return source.readFloats(visible(name));
    }

    @Override
    public long[] readLongs(String name) {
        return source.readLongs(visible(name));
    }

    @Override
    public Path fileOf(String name) {
        return source.fileOf(visible(name));
    }

    @Override
    public Map<String, String> metadata() {
        return source.metadata();
    }

    @Override
    public void close() {}

    private String visible(String name) {
        if (!names.contains(name)) {
            throw new IllegalArgumentException("no tensor '" + name + "' in this view of the checkpoint");
        }
        return name;
    }
}
