package dev.graft.core.checkpoint;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one family names its tensors: our module paths (with {@code {i}} for the layer index) mapped
 * to the checkpoint's. Body modules sit under the task prefix ({@code bert.}) when a checkpoint has a
 * head; head modules never do. The tables live in each model package, one line per module, so a
 * reader can find where any tensor goes without a regular expression.
 */
public final class WeightNames {
    private final String taskPrefix;
    private final Map<String, String> body;
    private final Map<String, String> head;
    private final Set<String> ignored;
    private final Set<String> transposed;

    private WeightNames(String taskPrefix, Map<String, String> body, Map<String, String> head, Set<String> ignored,
            Set<String> transposed) {
        this.taskPrefix = taskPrefix;
        this.body = Map.copyOf(body);
        this.head = Map.copyOf(head);
        this.ignored = Set.copyOf(ignored);
        this.transposed = Set.copyOf(transposed);
    }

    public static Builder builder(String taskPrefix) {
        return new Builder(taskPrefix);
    }

    /** e.g. {@code bert.}: present in checkpoints saved with a task head. */
    public String taskPrefix() {
        return taskPrefix;
    }

    /**
     * The checkpoint key of one of our parameter paths.
     *
     * @param prefixed whether body keys carry the task prefix in this checkpoint
     */
    public Optional<String> toCheckpoint(String ourPath, boolean prefixed) {
        int dot = ourPath.lastIndexOf('.');
        String module = ourPath.substring(0, dot);
        String leaf = ourPath.substring(dot + 1);
        String index = layerIndex(module);
        String key = template(module);
        String theirs = body.get(key);
        String prefix = prefixed ? taskPrefix : "";
        if (theirs == null) {
            theirs = head.get(key);
            prefix = "";
        }
        if (theirs == null) {
            return Optional.empty();
        }
        String resolved = index == null ? theirs : theirs.replace("{i}", index);
        return Optional.of(prefix + resolved + "." + leaf);
    }

    /**
     * Whether the checkpoint stores this 2-D weight transposed, (in, out), as GPT-2's {@code Conv1D}
     * does; we keep PyTorch's {@code Linear} layout (out, in).
     */
    public boolean isTransposed(String ourPath) {
        int dot = ourPath.lastIndexOf('.');
        return ourPath.endsWith(".weight") && transposed.contains(template(ourPath.substring(0, dot)));
    }

    /** The first all-digit segment of a dotted path (the layer index), or null. */
    private static String layerIndex(String path) {
        for (String part : path.split("\\.")) {
            if (!part.isEmpty() && part.chars().allMatch(Character::isDigit)) {
                return part;
            }
        }
        return null;
    }

    /** The path with its layer index replaced by {@code {i}}. */
    private static String template(String path) {
        String index = layerIndex(path);
        if (index == null) {
            return path;
        }
        StringBuilder out = new StringBuilder();
        boolean replaced = false;
        for (String part : path.split("\\.")) {
            boolean isIndex = !replaced && part.equals(index);
            replaced |= isIndex;
            out.append(out.length() == 0 ? "" : ".").append(isIndex ? "{i}" : part);
        }
        return out.toString();
    }

    /**
     * Checkpoint keys that are not parameters of ours yet are expected: buffers such as
     * {@code position_ids}, copies of tied weights, and modules HF itself drops on load.
     */
    public boolean isIgnored(String checkpointKey) {
        String bare = checkpointKey.startsWith(taskPrefix) ? checkpointKey.substring(taskPrefix.length()) : checkpointKey;
        String bareTemplate = template(bare);
        for (String pattern : ignored) {
            if (pattern.endsWith(".") ? bare.startsWith(pattern) : bare.equals(pattern) || bareTemplate.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** Builds a table; {@link #body} and {@link #head} take module paths without the leaf. */
    public static final class Builder {
        private final String taskPrefix;
        private final Map<String, String> body = new LinkedHashMap<>();
        private final Map<String, String> head = new LinkedHashMap<>();
        private final Set<String> ignored = new LinkedHashSet<>();
        private final Set<String> transposed = new LinkedHashSet<>();

        private Builder(String taskPrefix) {
            this.taskPrefix = taskPrefix;
        }

        public Builder body(String ours, String theirs) {
            body.put(ours, theirs);
            return this;
        }

        public Builder head(String ours, String theirs) {
            head.put(ours, theirs);
            return this;
        }

        /** A body module whose weight the checkpoint stores as (in, out), like GPT-2's {@code Conv1D}. */
        public Builder bodyTransposed(String ours, String theirs) {
            transposed.add(ours);
            return body(ours, theirs);
        }

        /** A key (or, ending in '.', a key prefix; {@code {i}} for a layer index) of the checkpoint to pass over, without the task prefix. */
        public Builder ignore(String key) {
            ignored.add(key);
            return this;
        }

        public WeightNames build() {
            return new WeightNames(taskPrefix, body, head, ignored, transposed);
        }
    }
}
