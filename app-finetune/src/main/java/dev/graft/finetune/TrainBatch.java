package dev.graft.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.graft.core.tokenize.Encoding;
import java.util.Arrays;
import java.util.List;

/**
 * One padded batch as the engine needs it: (B, T) ids, attention mask and token types, and the model's
 * class index of each row.
 */
public record TrainBatch(long[][] ids, long[][] mask, long[][] typeIds, long[] labels) {
    /** Pads {@code encodings} (one per row) to the longest of them: pad id, mask 0 and type 0 (as HF pads). */
    static TrainBatch pad(List<Encoding> encodings, long padId, long[] labels) {
        int t = encodings.stream().mapToInt(Encoding::length).max().orElse(0);
        long[][] ids = new long[encodings.size()][t];
        long[][] mask = new long[encodings.size()][t];
        long[][] types = new long[encodings.size()][t];
        for (int i = 0; i < ids.length; i++) {
            Encoding e = encodings.get(i);
            Arrays.fill(ids[i], padId);
            System.arraycopy(e.ids(), 0, ids[i], 0, e.length());
            System.arraycopy(e.typeIds(), 0, types[i], 0, e.length());
            Arrays.fill(mask[i], 0, e.length(), 1L);
        }
        return new TrainBatch(ids, mask, types, labels);
    }

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
