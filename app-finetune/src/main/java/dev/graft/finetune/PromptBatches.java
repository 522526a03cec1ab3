package dev.graft.finetune;

import dev.graft.core.data.LmBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Causal-LM batches of encoded prompt/completion rows ({@code CausalLmBatches}' single-row batches),
 * right-padded per batch. Epoch order is shuffled by seed + epoch, or kept as given for dev.
 */
final class PromptBatches implements Batches<LmBatch> {
    private final List<LmBatch> rows;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final long padId;

    PromptBatches(List<LmBatch> rows, int batchSize, long seed, boolean shuffle, long padId) {
        this.rows = List.copyOf(rows);
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.padId = padId;
    }

    @Override
    public int batches(int epoch) {
        return (rows.size() + batchSize - 1) / batchSize;
    }

    @Override
    public Iterable<LmBatch> epoch(int epoch, int from) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            order.add(i);
        }
        if (shuffle) {
            Collections.shuffle(order, new Random(seed * 31 + epoch));
        }
        return () -> new Iterator<>() {
            int next = from;

            @Override
            public boolean hasNext() {
                return next < batches(epoch);
            }

            @Override
            public LmBatch next() {
                int start = next++ * batchSize;
                return pad(order.subList(start, Math.min(order.size(), start + batchSize)));
            }
        };
    }

    private LmBatch pad(List<Integer> picked) {
        int width = picked.stream().mapToInt(i -> rows.get(i).ids()[0].length).max().orElse(0);
        long[][] ids = new long[picked.size()][width];
        long[][] mask = new long[picked.size()][width];
        long[][] targets = new long[picked.size()][width];
        for (int r = 0; r < picked.size(); r++) {
            LmBatch row = rows.get(picked.get(r));
            int n = row.ids()[0].length;
            Arrays.fill(ids[r], padId);
            Arrays.fill(targets[r], LmBatch.IGNORE);
            System.arraycopy(row.ids()[0], 0, ids[r], 0, n);
            System.arraycopy(row.targets()[0], 0, targets[r], 0, n);
            Arrays.fill(mask[r], 0, n, 1);
        }
        return new LmBatch(ids, mask, targets);
    }
}
