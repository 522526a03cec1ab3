package dev.graft.serve;

/**
 * libtorch's intra-op thread count for a serving process, set before the engine starts. Serving shares
 * the cores with HTTP, JSON and tokenization threads; when libtorch also spreads each forward pass over
 * every core, its threads wait at each parallel region for threads the OS has descheduled. Measured on
 * the 2-core development machine (README, Serving): one intra-op thread served 437 requests/s at
 * concurrency 32 where two served 30.
 */
final class TorchThreads {
    static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private TorchThreads() {}

    /** Half the cores (at least one), unless {@code requested} or {@code -Dai.djl.pytorch.num_threads} says otherwise. */
    static int configure(Integer requested) {
        if (requested != null) {
            if (requested < 1) {
                throw new IllegalArgumentException("--torch-threads must be >= 1, got " + requested);
            }
            System.setProperty(PROPERTY, Integer.toString(requested));
        } else if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
        }
        return Integer.parseInt(System.getProperty(PROPERTY));
    }
}
