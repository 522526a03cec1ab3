package dev.graft.finetune;

import dev.graft.core.data.LmBatch;
import dev.graft.core.data.MlmMasker;
import dev.graft.core.tokenize.Encoding;
import java.util.ArrayList;
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
        List<Encoding> encodings = new ArrayList<>(picked.length);
        for (int i : picked) {
            encodings.add(rows.get(i));
        }
        TrainBatch padded = TrainBatch.pad(encodings, padId, null);
        LmBatch masked = masker.apply(padded.ids(), padded.mask(), maskSeed);
        return new MaskedBatch(masked.ids(), padded.mask(), padded.typeIds(), masked.targets());
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
