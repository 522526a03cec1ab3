package dev.graft.core.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All adapters of one {@link LoraLinear} stacked for per-row routing ({@link LoraRouting}): slot 0 is
 * zeros (rows without an adapter), slot k the k-th adapter, ranks zero-padded to the largest and the
 * scale folded into B. A row's delta is then two batched matrix products over gathered slots.
 */
final class LoraStacks implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, Integer> slots = new HashMap<>();
    /** (N + 1, in, rMax): slot k holds A_kᵀ. */
    final NDArray down;
    /** (N + 1, rMax, out): slot k holds s_k·B_kᵀ. */
    final NDArray up;
    /** (N·rMax, in): every A_k stacked (the dense form, for few adapters; a linear weight). */
    final NDArray downAll;
    /** (N·rMax, out): every s_k·B_kᵀ stacked. */
    final NDArray upAll;
    final int rank;
    final int count;

    /**
     * @param a each adapter's A (r, in)
     * @param b each adapter's B (out, r)
     */
    LoraStacks(List<String> names, Map<String, NDArray> a, Map<String, NDArray> b, Map<String, Float> scale,
            int in, int out, NDManager parent) {
        int rMax = 1;
        for (String n : names) {
            rMax = Math.max(rMax, (int) a.get(n).getShape().get(0));
        }
        int k = names.size() + 1;
        float[] downs = new float[k * in * rMax];
        float[] ups = new float[k * rMax * out];
        for (int s = 1; s < k; s++) {
            String n = names.get(s - 1);
            slots.put(n, s);
            int r = (int) a.get(n).getShape().get(0);
            float[] av = a.get(n).toFloatArray(); // (r, in)
            float[] bv = b.get(n).toFloatArray(); // (out, r)
            float sc = scale.get(n);
            for (int j = 0; j < r; j++) {
                for (int i = 0; i < in; i++) {
                    downs[(s * in + i) * rMax + j] = av[j * in + i];
                }
                for (int o = 0; o < out; o++) {
                    ups[(s * rMax + j) * out + o] = sc * bv[o * r + j];
                }
            }
        }
        this.manager = parent.newSubManager();
        this.rank = rMax;
        this.count = names.size();
        this.down = manager.create(downs, new Shape(k, in, rMax));
        this.up = manager.create(ups, new Shape(k, rMax, out));
        // Slot 0 (zeros) dropped: (N, in, rMax) → (N·rMax, in); (N, rMax, out) → (N·rMax, out).
        float[] all = new float[count * rMax * in];
        for (int s = 1; s < k; s++) {
            for (int j = 0; j < rMax; j++) {
                for (int i = 0; i < in; i++) {
                    all[((s - 1) * rMax + j) * in + i] = downs[(s * in + i) * rMax + j];
                }
            }
        }
        this.downAll = manager.create(all, new Shape((long) count * rMax, in));
        this.upAll = manager.create(java.util.Arrays.copyOfRange(ups, rMax * out, ups.length), new Shape((long) count * rMax, out));
    }

    /** The slot of adapter {@code name}, or 0 when this layer does not have it (or name is null). */
    int slot(String name) {
        Integer s = name == null ? null : slots.get(name);
        return s == null ? 0 : s;
    }

    @Override
    public void close() {
        manager.close();
    }
}
