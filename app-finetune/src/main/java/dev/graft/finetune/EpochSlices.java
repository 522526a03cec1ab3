package dev.graft.finetune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * An epoch's row order and its cut into batches, for the language-model batch sources (masked LM,
 * prompt/completion). The order is a pure function of seed and epoch, so batch {@code k} of an epoch is
 * the same whether a run starts there or resumes there.
 */
final class EpochSlices {
    private EpochSlices() {}

    static int count(int rows, int batchSize) {
        return (rows + batchSize - 1) / batchSize;
    }

    /** Row indices 0…rows−1, shuffled by {@code seed * 31 + epoch} when {@code shuffle}. */
    static int[] order(int rows, long seed, int epoch, boolean shuffle) {
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            index.add(i);
        }
        if (shuffle) {
            Collections.shuffle(index, new Random(seed * 31 + epoch));
        }
        return index.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Batches {@code from}, {@code from + 1}, … of {@code order}; {@code make} gets each batch's rows and index. */
    static <B> Iterable<B> batches(int[] order, int batchSize, int from, BiFunction<int[], Integer, B> make) {
        int total = count(order.length, batchSize);
        return () -> new Iterator<>() {
            int next = from;

            @Override
            public boolean hasNext() {
                return next < total;
            }

            @Override
            public B next() {
                int start = next * batchSize;
                int[] picked = Arrays.copyOfRange(order, start, Math.min(order.length, start + batchSize));
                return make.apply(picked, next++);
            }
        };
    }
}
