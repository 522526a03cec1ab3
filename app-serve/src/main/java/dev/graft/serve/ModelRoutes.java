package dev.graft.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** What the model routes share: the served model's name, adapter selection, waiting for the worker. */
final class ModelRoutes {
    private final String modelName;
    private final AdapterRegistry adapters;

    ModelRoutes(String modelName, AdapterRegistry adapters) {
        this.modelName = modelName;
        this.adapters = adapters;
    }

    String modelName() {
        return modelName;
    }

    /**
     * The adapter a request names with {@code adapter} or OpenAI's {@code model} (the base model's own
     * name, or none, means no adapter): 422 for a malformed name, 404 for one not loaded.
     */
    String adapterOf(ObjectNode body) {
        String adapter = Json.string(body, "adapter", "adapter", false);
        String model = Json.string(body, "model", "model", false);
        if (model != null && model.equals(modelName)) {
            model = null;
        }
        if (adapter != null && model != null && !adapter.equals(model)) {
            throw ApiException.invalid("model", "model '" + model + "' and adapter '" + adapter + "' disagree; name the adapter once");
        }
        return adapter != null ? adapters.require(adapter, "adapter") : adapters.require(model, "model");
    }

    /** The worker's result, or the ApiException (or other failure) it ended with. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", null, "interrupted while waiting for the model");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        }
    }
}
