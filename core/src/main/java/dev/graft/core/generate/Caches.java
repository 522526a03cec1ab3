package dev.graft.core.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.graft.core.nn.KeyValue;
import dev.graft.core.nn.LayerCache;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Memory discipline for a decoding loop. Each step runs in its own manager so its intermediates are
 * freed when it closes. DJL puts an op's result in the manager of its first operand, so the cache of
 * the previous step is attached to the step's manager for the step's duration (else every op on it
 * would leave its result in the session's manager, keeping each step's views alive); the new cache is
 * then moved to the session's manager and the arrays it replaced are closed.
 */
public final class Caches {
    private Caches() {}

    /** Lends the cache's arrays (and any other session arrays) to the step. */
    public static void lend(NDManager step, List<LayerCache> cache, NDArray... others) {
        List<NDArray> all = arrays(cache);
        Collections.addAll(all, others);
        step.tempAttachAll(all.toArray(new NDArray[0]));
    }

    /** Keeps {@code next} in the session and closes every array of {@code previous} it no longer holds. */
    public static void advance(NDManager session, List<LayerCache> previous, List<LayerCache> next) {
        Set<NDArray> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        for (NDArray a : arrays(next)) {
            a.attach(session);
            kept.add(a);
        }
        if (previous != null) {
            for (NDArray a : arrays(previous)) {
                if (!kept.contains(a)) {
                    a.close();
                }
            }
        }
    }

    private static List<NDArray> arrays(List<LayerCache> cache) {
        List<NDArray> out = new ArrayList<>();
        if (cache != null) {
            for (LayerCache c : cache) {
                add(out, c.self());
                add(out, c.cross());
            }
        }
        return out;
    }

    private static void add(List<NDArray> out, KeyValue kv) {
        if (kv != null) {
            out.add(kv.keys());
            out.add(kv.values());
        }
    }

    /** (B, vocab) logits of the last position of (B, T, vocab) logits, as Java rows. */
    public static float[][] lastPositionRows(NDArray logits) {
        long b = logits.getShape().get(0);
        long t = logits.getShape().get(1);
        int v = (int) logits.getShape().get(2);
        float[] flat = logits.get(new ai.djl.ndarray.index.NDIndex(":, {}, :", t - 1)).toFloatArray();
        float[][] rows = new float[(int) b][];
        for (int i = 0; i < b; i++) {
            rows[i] = java.util.Arrays.copyOfRange(flat, i * v, (i + 1) * v);
        }
        return rows;
    }
}
