package dev.graft.core.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.graft.core.io.TensorInfo;
import dev.graft.core.io.TensorSource;
import dev.graft.core.nn.ParameterValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an initialised model's parameters from a checkpoint by name.
 *
 * <p>Everything is checked before anything is copied: a tensor is missing, has the wrong shape, or
 * is unexpected, and all such problems are reported together. Old checkpoints name LayerNorm
 * parameters {@code gamma}/{@code beta}; those are accepted as {@code weight}/{@code bias}.
 */
public final class CheckpointLoader {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointLoader.class);

    private CheckpointLoader() {}

    /** Whether body keys in {@code source} carry the family's task prefix (checkpoints saved with a head). */
    public static boolean isPrefixed(TensorSource source, WeightNames names) {
        return source.names().stream().anyMatch(k -> k.startsWith(names.taskPrefix()));
    }

    /**
     * @param params our parameters by path ({@code ParameterPaths.of(model)}), already initialised
     * @param allowUnexpected load anyway when the checkpoint has tensors the model does not use,
     *     naming them in a warning
     * @return the checkpoint keys that were used
     */
    public static Set<String> load(
            Map<String, Parameter> params, TensorSource source, WeightNames names, NDManager manager, boolean allowUnexpected) {
        boolean prefixed = isPrefixed(source, names);
        List<String> missing = new ArrayList<>();
        List<String> misshaped = new ArrayList<>();
        List<Binding> bindings = new ArrayList<>();
        Set<String> claimed = new HashSet<>(); // keys a parameter maps to, whether or not their shape fits
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Optional<String> key = names.toCheckpoint(e.getKey(), prefixed).flatMap(k -> present(source, k, e.getValue()));
            if (key.isEmpty()) {
                missing.add(names.toCheckpoint(e.getKey(), prefixed).orElse("(no checkpoint name for " + e.getKey() + ")"));
                continue;
            }
            claimed.add(key.get());
            TensorInfo info = source.info(key.get());
            boolean transposed = names.isTransposed(e.getKey());
            Shape expected = e.getValue().getShape();
            if (transposed) {
                expected = new Shape(expected.get(1), expected.get(0));
            }
            if (!Arrays.equals(info.shape(), expected.getShape())) {
                misshaped.add(key.get() + " in " + source.fileOf(key.get()).getFileName() + ": expected "
                        + expected + ", found " + new Shape(info.shape()));
                continue;
            }
            bindings.add(new Binding(key.get(), e.getValue(), transposed));
        }
        Set<String> used = new HashSet<>();
        bindings.forEach(b -> used.add(b.key));
        List<String> unexpected = new ArrayList<>();
        for (String key : source.names()) {
            if (!claimed.contains(key) && !names.isIgnored(key)) {
                unexpected.add(key);
            }
        }
        String where = describe(source);
        if (!missing.isEmpty() || !misshaped.isEmpty() || (!unexpected.isEmpty() && !allowUnexpected)) {
            throw new CheckpointMismatchException(where, missing, misshaped, allowUnexpected ? List.of() : unexpected);
        }
        if (!unexpected.isEmpty()) {
            LOG.warn("{}: ignoring {} tensors the model does not use: {}", where, unexpected.size(), unexpected);
        }
        for (Binding b : bindings) {
            copy(source, b, manager);
        }
        return used;
    }

    private static Optional<String> present(TensorSource source, String key, Parameter param) {
        if (source.names().contains(key)) {
            return Optional.of(key);
        }
        // Checkpoints from before the gamma/beta → weight/bias rename.
        String leaf = param.getType() == Parameter.Type.GAMMA ? "gamma" : param.getType() == Parameter.Type.BETA ? "beta" : null;
        if (leaf != null) {
            String old = key.substring(0, key.lastIndexOf('.') + 1) + leaf;
            if (source.names().contains(old)) {
                return Optional.of(old);
            }
        }
        return Optional.empty();
    }

    private static void copy(TensorSource source, Binding b, NDManager manager) {
        try (NDManager scratch = manager.newSubManager()) {
            NDArray loaded = source.load(b.key, scratch);
            if (b.transposed) {
                loaded = loaded.transpose().duplicate(); // contiguous (out, in) bytes
            }
            ParameterValues.assign(b.param.getArray(), loaded);
        }
    }

    private static String describe(TensorSource source) {
        Set<String> files = new java.util.TreeSet<>();
        source.names().forEach(n -> files.add(source.fileOf(n).toString()));
        return files.size() == 1 ? files.iterator().next() : files.toString();
    }

    private record Binding(String key, Parameter param, boolean transposed) {}
}
