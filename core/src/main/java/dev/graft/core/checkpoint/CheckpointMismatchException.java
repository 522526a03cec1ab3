package dev.graft.core.checkpoint;

import java.util.List;

/**
 * A checkpoint whose tensors do not fit the model built from its config: every missing, mis-shaped
 * and unexpected tensor in one message, so a user fixes them all in one go.
 */
public final class CheckpointMismatchException extends RuntimeException {
    private final List<String> missing;
    private final List<String> misshaped;
    private final List<String> unexpected;

    public CheckpointMismatchException(String source, List<String> missing, List<String> misshaped, List<String> unexpected) {
        super(describe(source, missing, misshaped, unexpected));
        this.missing = List.copyOf(missing);
        this.misshaped = List.copyOf(misshaped);
        this.unexpected = List.copyOf(unexpected);
    }

    public List<String> missing() {
        return missing;
    }

    public List<String> misshaped() {
        return misshaped;
    }

    public List<String> unexpected() {
        return unexpected;
    }

    private static String describe(String source, List<String> missing, List<String> misshaped, List<String> unexpected) {
        StringBuilder sb = new StringBuilder("checkpoint ").append(source).append(" does not fit the model:");
        section(sb, "missing", missing);
        section(sb, "wrong shape", misshaped);
        section(sb, "unexpected (pass --allow-unexpected to load anyway)", unexpected);
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<String> items) {
        if (!items.isEmpty()) {
            sb.append("\n  ").append(title).append(" (").append(items.size()).append("):");
            items.forEach(i -> sb.append("\n    ").append(i));
        }
    }
}
