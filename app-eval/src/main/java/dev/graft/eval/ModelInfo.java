package dev.graft.eval;

/**
 * What the report says about the model evaluated.
 *
 * @param model the model directory (or a name for an injected predictor)
 * @param adapter the adapter, or null for a plain (fully fine-tuned or base) model
 * @param totalParameters parameters of the model with its adapter
 */
public record ModelInfo(String model, Adapter adapter, long totalParameters) {
    /**
     * @param dir where the adapter was read from
     * @param method its method ({@code lora}, {@code prefix} …)
     * @param trainableParameters parameters the adapter trained
     */
    public record Adapter(String dir, String method, long trainableParameters) {}

    /** {@code full} without an adapter (every parameter trainable), else the adapter's method. */
    public String method() {
        return adapter == null ? "full" : adapter.method();
    }

    public long trainableParameters() {
        return adapter == null ? totalParameters : adapter.trainableParameters();
    }
}
