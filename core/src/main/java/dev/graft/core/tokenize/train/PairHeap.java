package dev.graft.core.tokenize.train;

import java.util.Arrays;

/**
 * A max-heap of (count, pair slot) entries, primitive so that millions of pushes allocate nothing.
 * Ties go to the smaller slot, the pair seen first, which keeps training deterministic.
 *
 * <p>Entries go stale as counts change; the trainer re-checks the top against the live count and
 * re-pushes it when it differs (the lazy update of HF's {@code BpeTrainer}), so no decrease-key is needed.
 */
final class PairHeap {
    private long[] counts = new long[1024];
    private int[] slots = new int[1024];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void push(long count, int slot) {
        if (size == counts.length) {
            counts = Arrays.copyOf(counts, size * 2);
            slots = Arrays.copyOf(slots, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(count, slot, counts[parent], slots[parent])) {
                break;
            }
            counts[i] = counts[parent];
            slots[i] = slots[parent];
            i = parent;
        }
        counts[i] = count;
        slots[i] = slot;
    }

    long topCount() {
        return counts[0];
    }

    int topSlot() {
        return slots[0];
    }

    void pop() {
        long count = counts[--size];
        int slot = slots[size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int r = child + 1;
            if (r < size && before(counts[r], slots[r], counts[child], slots[child])) {
                child = r;
            }
            if (!before(counts[child], slots[child], count, slot)) {
                break;
            }
            counts[i] = counts[child];
            slots[i] = slots[child];
            i = child;
        }
        counts[i] = count;
        slots[i] = slot;
    }

    private static boolean before(long countA, int slotA, long countB, int slotB) {
        return countA > countB || (countA == countB && slotA < slotB);
    }
}
