package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Additive attention masks {@code M} for {@code softmax(QKᵀ/√d + M)V}: 0 where a query may look, a
 * large negative number where it may not.
 *
 * <p>The blocked value is finite ({@code -1e9}) rather than {@code -inf} so that a row with every
 * key blocked (a padded query under a causal mask) gives a harmless uniform distribution instead of
 * NaN, and so that padding and causal masks can be summed without overflow.
 */
public final class Masks {
    /** Value added to the score of a blocked key. */
    public static final float BLOCKED = -1e9f;

    private Masks() {}

    /** From a (B, S) attention mask of 1 (real token) and 0 (padding) to (B, 1, 1, S). */
    public static NDArray padding(NDArray attentionMask) {
        NDArray keep = attentionMask.toType(DataType.FLOAT32, false);
        return keep.neg().add(1f).mul(BLOCKED).expandDims(1).expandDims(1);
    }

    /**
     * (1, 1, T, S) mask letting query {@code i} see keys {@code 0..offset+i}: the queries are the
     * last {@code T} of {@code S} positions ({@code offset = S - T}, as with a key-value cache).
     */
    public static NDArray causal(NDManager manager, long queryLength, long keyLength) {
        long offset = keyLength - queryLength;
        NDArray q = manager.arange(queryLength).toType(DataType.INT64, false).add(offset).reshape(queryLength, 1);
        NDArray k = manager.arange(keyLength).toType(DataType.INT64, false).reshape(1, keyLength);
        return k.gt(q).toType(DataType.FLOAT32, false).mul(BLOCKED).reshape(1, 1, queryLength, keyLength);
    }

    /**
     * {@code mask} widened by {@code extra} leading key positions that every query may see (a prefix);
     * null stays null (nothing is blocked).
     *
     * @param mask additive (…, T|1, S) or null
     * @return (…, T|1, extra + S)
     */
    public static NDArray prependVisible(NDArray mask, long extra) {
        if (mask == null || extra == 0) {
            return mask;
        }
        Shape s = mask.getShape();
        Shape zeros = s.slice(0, s.dimension() - 1).add(extra);
        return mask.getManager().zeros(zeros, mask.getDataType(), mask.getDevice()).concat(mask, -1);
    }
}
