package dev.graft.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One padded batch as the engine needs it: (B, T) ids, attention mask and token types, and the model's
 * class index of each row.
 */
public record TrainBatch(long[][] ids, long[][] mask, long[][] typeIds, long[] labels) {
    public int size() {
        return ids.length;
    }

    NDArray idsArray(NDManager m) {
        return m.create(ids);
    }

    NDArray maskArray(NDManager m) {
        return m.create(mask);
    }

    NDArray typesArray(NDManager m) {
        return m.create(typeIds);
    }

    NDArray labelsArray(NDManager m) {
        return m.create(labels);
    }
}
