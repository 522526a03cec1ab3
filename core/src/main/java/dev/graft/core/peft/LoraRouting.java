package dev.graft.core.peft;

import java.util.List;
import java.util.function.Supplier;

/**
 * Per-row LoRA adapters for one forward pass, as S-LoRA (Sheng et al. 2023) and Punica (Chen et al.
 * 2023) batch them: the base projection runs once over the whole batch and row {@code i} adds its own
 * adapter's delta {@code s_i·B_i A_i x_i} (a zero delta for rows without one). Inside
 * {@link #route}, every {@link LoraLinear} and {@link LoraEmbedding} on the calling thread reads the rows' adapters from here
 * instead of its active adapter.
 *
 * <p>The assignment is scoped to the call and confined to the calling thread (the thread that runs
 * the forward pass), so two batches on two threads, or a batch and a training step, never see each
 * other's rows. Routing is for inference: a training forward pass inside it is refused.
 */
public final class LoraRouting {
    private static final ThreadLocal<String[]> ROWS = new ThreadLocal<>();

    private LoraRouting() {}

    /**
     * Runs {@code forward} with row {@code i} of every projection input using adapter
     * {@code rowAdapters.get(i)} (null: the base model alone). The rows are the leading dimension of
     * each projection's input, so the list must be as long as the batch the forward pass runs; a
     * generation session keeps its rows for all its steps, so a whole {@code generate} call may run
     * inside one scope.
     */
    public static <T> T route(List<String> rowAdapters, Supplier<T> forward) {
        String[] previous = ROWS.get();
        ROWS.set(rowAdapters.toArray(new String[0]));
        try {
            return forward.get();
        } finally {
            if (previous == null) {
                ROWS.remove();
            } else {
                ROWS.set(previous);
            }
        }
    }

    /** The current rows' adapters, or null outside {@link #route}. */
    static String[] rows() {
        return ROWS.get();
    }
}
