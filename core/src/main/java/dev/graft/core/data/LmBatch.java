package dev.graft.core.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A language-modelling batch as plain arrays: inputs, the attention mask and the target of each
 * position ({@link #IGNORE} where no loss is taken). Targets are aligned with the inputs, as HF's
 * {@code labels}: for a causal LM the loss compares the logits at position t with the target at t + 1;
 * for masked LM it compares them at the same position.
 *
 * @param ids (B, T) input ids, right-padded
 * @param mask (B, T) 1 for a token, 0 for padding
 * @param targets (B, T) target ids, {@link #IGNORE} where the loss is not taken
 */
public record LmBatch(long[][] ids, long[][] mask, long[][] targets) {
    /** HF's ignore index. */
    public static final long IGNORE = -100;

    public LmBatch {
        if (mask.length != ids.length || targets.length != ids.length) {
            throw new IllegalArgumentException("batch parts differ in size: ids " + ids.length + ", mask " + mask.length
                    + ", targets " + targets.length);
        }
    }

    /** (input_ids, attention_mask, targets) as (B, T) INT64 arrays. */
    public NDList toNDList(NDManager manager) {
        return new NDList(manager.create(flat(ids), shape()), manager.create(flat(mask), shape()),
                manager.create(flat(targets), shape()));
    }

    /** Positions that carry a loss. */
    public long targetCount() {
        long n = 0;
        for (long[] row : targets) {
            for (long t : row) {
                n += t == IGNORE ? 0 : 1;
            }
        }
        return n;
    }

    private Shape shape() {
        return new Shape(ids.length, ids.length == 0 ? 0 : ids[0].length);
    }

    private static long[] flat(long[][] rows) {
        int t = rows.length == 0 ? 0 : rows[0].length;
        long[] out = new long[rows.length * t];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * t, t);
        }
        return out;
    }
}
