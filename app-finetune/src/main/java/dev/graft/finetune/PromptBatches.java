package dev.graft.finetune;

import dev.graft.core.data.LmBatch;
import java.util.Arrays;
import java.util.List;

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
        return EpochSlices.count(rows.size(), batchSize);
    }

    @Override
    public Iterable<LmBatch> epoch(int epoch, int from) {
        return EpochSlices.batches(EpochSlices.order(rows.size(), seed, epoch, shuffle), batchSize, from,
                (picked, index) -> pad(picked));
    }

    private LmBatch pad(int[] picked) {
        int width = Arrays.stream(picked).map(i -> rows.get(i).ids()[0].length).max().orElse(0);
        long[][] ids = new long[picked.length][width];
        long[][] mask = new long[picked.length][width];
        long[][] targets = new long[picked.length][width];
        for (int r = 0; r < picked.length; r++) {
            LmBatch row = rows.get(picked[r]);
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
