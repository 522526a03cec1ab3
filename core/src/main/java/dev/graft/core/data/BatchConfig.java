package dev.graft.core.data;

/**
 * How an epoch is cut into batches.
 *
 * @param batchSize examples per batch (the last batch of an epoch may hold fewer)
 * @param shuffle shuffle the examples (and, when bucketed, the batches) each epoch; off for evaluation
 * @param bucketed sort by length inside mega-batches of {@code batchSize × bucketBatches} examples, so
 *     that a batch holds rows of similar length and dynamic padding wastes little
 * @param bucketBatches batches per mega-batch: larger buckets pad less but mix lengths less randomly
 * @param seed the shuffling seed; epoch {@code e} of seed {@code s} is always the same order
 */
public record BatchConfig(int batchSize, boolean shuffle, boolean bucketed, int bucketBatches, long seed) {
    public BatchConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, found " + batchSize);
        }
        if (bucketBatches < 1) {
            throw new IllegalArgumentException("batches per bucket must be at least 1, found " + bucketBatches);
        }
    }

    /** Training: shuffled, bucketed by length in mega-batches of 50 batches. */
    public static BatchConfig training(int batchSize, long seed) {
        return new BatchConfig(batchSize, true, true, 50, seed);
    }

    /** Shuffled without bucketing: every batch a random sample, the padding baseline. */
    public static BatchConfig shuffled(int batchSize, long seed) {
        return new BatchConfig(batchSize, true, false, 1, seed);
    }

    /** Evaluation: file order, no shuffling, no bucketing. */
    public static BatchConfig inOrder(int batchSize) {
        return new BatchConfig(batchSize, false, false, 1, 0);
    }
}
