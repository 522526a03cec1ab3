package dev.graft.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the report says about the model evaluated.
 *
 * @param model the model directory (or a name for an injected predictor)
 * @param adapter the adapter, or null for a plain (fully fine-tuned or base) model
 * @param totalParameters parameters of the model with its adapter
 * @param run what {@code graft finetune} recorded for a plain model it wrote ({@code OUT/best} beside
 *     {@code OUT/run.json}), or null
 */
public record ModelInfo(String model, Adapter adapter, long totalParameters, Run run) {
    /**
     * @param dir where the adapter was read from
     * @param method its method ({@code lora}, {@code prefix} …)
     * @param trainableParameters parameters the adapter trained
     */
    public record Adapter(String dir, String method, long trainableParameters) {}

    /** The training run's method and trained parameter count, from its run.json. */
    public record Run(String method, long trainableParameters) {}

    public ModelInfo(String model, Adapter adapter, long totalParameters) {
        this(model, adapter, totalParameters, null);
    }

    /** For a model directory: the run that wrote it is read from {@code ../run.json} when there is one. */
    public static ModelInfo of(Path modelDir, Adapter adapter, long totalParameters) {
        return new ModelInfo(modelDir.toString(), adapter, totalParameters, adapter == null ? runOf(modelDir) : null);
    }

    /** The adapter's method; else the method of the run that wrote the model; else {@code full}. */
    public String method() {
        if (adapter != null) {
            return adapter.method();
        }
        return run == null ? "full" : run.method();
    }

    public long trainableParameters() {
        if (adapter != null) {
            return adapter.trainableParameters();
        }
        return run == null ? totalParameters : run.trainableParameters();
    }

    private static Run runOf(Path modelDir) {
        Path parent = modelDir.toAbsolutePath().normalize().getParent();
        Path file = parent == null ? null : parent.resolve("run.json");
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode n = ReportJson.MAPPER.readTree(file.toFile());
            if (!n.path("method").isTextual() || !n.path("trainable_parameters").canConvertToLong()) {
                return null;
            }
            return new Run(n.path("method").asText(), n.path("trainable_parameters").asLong());
        } catch (IOException e) {
            return null; // not a run's record: report the model as a plain one
        }
    }
}
