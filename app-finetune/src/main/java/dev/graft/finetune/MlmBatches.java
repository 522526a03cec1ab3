package dev.graft.finetune;

import dev.graft.core.data.LmBatch;
import dev.graft.core.data.MlmMasker;
import dev.graft.core.tokenize.Encoding;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Masked-LM batches over encoded texts. The order of an epoch (shuffled by seed + epoch, or as given)
 * and the masking of each batch (seeded by seed, epoch and batch index) are pure functions of their
 * position, so a resumed run sees exactly the batches of an uninterrupted one, and dev batches are
 * masked the same way at every evaluation.
 */
final class MlmBatches implements Batches<MaskedBatch> {
    private final List<Encoding> rows;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final MlmMasker masker;
    private final long padId;

    MlmBatches(List<Encoding> rows, int batchSize, long seed, boolean shuffle, MlmMasker masker, long padId) {
        this.rows = List.copyOf(rows);
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.masker = masker;
        this.padId = padId;
    }

    @Override
    public int batches(int epoch) {
        return EpochSlices.count(rows.size(), batchSize);
    }

    @Override
    public Iterable<MaskedBatch> epoch(int epoch, int from) {
        return EpochSlices.batches(EpochSlices.order(rows.size(), seed, epoch, shuffle), batchSize, from,
                (picked, index) -> batch(picked, new SplittableRandom(seed ^ ((long) epoch << 32) ^ index).nextLong()));
    }

    private MaskedBatch batch(int[] picked, long maskSeed) {
        int width = 0;
        for (int i : picked) {
            width = Math.max(width, rows.get(i).ids().length);
        }
        long[][] ids = new long[picked.length][width];
        long[][] mask = new long[picked.length][width];
        long[][] types = new long[picked.length][width];
        for (int r = 0; r < picked.length; r++) {
            Encoding e = rows.get(picked[r]);
            int n = e.ids().length;
            Arrays.fill(ids[r], padId);
            System.arraycopy(e.ids(), 0, ids[r], 0, n);
            System.arraycopy(e.typeIds(), 0, types[r], 0, n);
            Arrays.fill(mask[r], 0, n, 1);
        }
        LmBatch masked = masker.apply(ids, mask, maskSeed);
        return new MaskedBatch(masked.ids(), mask, types, masked.targets());
    }

    /** Share of masked positions whose target is the most frequent target: what always guessing it scores. */
    double unigramBaseline() {
        java.util.Map<Long, Long> counts = new java.util.HashMap<>();
        long total = 0;
        for (MaskedBatch b : epoch(0, 0)) {
            for (long[] row : b.targets()) {
                for (long t : row) {
                    if (t != LmBatch.IGNORE) {
                        counts.merge(t, 1L, Long::sum);
                        total++;
                    }
                }
            }
        }
        long top = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return total == 0 ? Double.NaN : (double) top / total;
    }
}
