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

    /**
     * 422 when text tokenized to an id the model has no embedding row for: the tokenizer beside the model has
     * more tokens than its vocab_size. Checked per request, since in a batch the failure would hit every row.
     */
    static void checkVocabulary(long[] ids, int vocab, String param, String what) {
        for (long id : ids) {
            if (id < 0 || id >= vocab) {
                throw ApiException.invalid(param, what + " tokenizes to token id " + id + ", outside the model's vocabulary of "
                        + vocab + " tokens (ids 0 to " + (vocab - 1) + "): the tokenizer.json beside the model has more tokens"
                        + " than its config.json vocab_size; serve the model with the tokenizer it was trained with");
            }
        }
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
