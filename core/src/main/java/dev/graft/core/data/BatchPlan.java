package dev.graft.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Which examples go into which batch for one epoch, worked out from token lengths alone, so the
 * padding a configuration costs is known before anything is encoded twice.
 *
 * <p>Bucketing follows the usual recipe (fairseq, AllenNLP's bucket iterator): shuffle, cut into
 * mega-batches, sort each by length, cut into batches, then shuffle the batch order so lengths do not
 * rise and fall through the epoch.
 *
 * @param batches example indices per batch, in epoch order; every index appears exactly once
 * @param tokens real tokens over the epoch
 * @param cells tokens plus padding: each batch counts size × its longest row
 */
public record BatchPlan(List<int[]> batches, long tokens, long cells) {
    public BatchPlan {
        batches = List.copyOf(batches);
    }

    /** The plan of epoch {@code epoch} for examples of the given token lengths. */
    public static BatchPlan of(int[] lengths, BatchConfig config, int epoch) {
        Random rng = new Random(mix(config.seed(), epoch));
        Integer[] order = new Integer[lengths.length];
        Arrays.setAll(order, i -> i);
        List<Integer> all = Arrays.asList(order);
        if (config.shuffle()) {
            Collections.shuffle(all, rng);
        }
        List<int[]> batches = new ArrayList<>();
        int bucket = config.bucketed() ? config.batchSize() * config.bucketBatches() : config.batchSize();
        for (int from = 0; from < order.length; from += bucket) {
            List<Integer> chunk = new ArrayList<>(all.subList(from, Math.min(order.length, from + bucket)));
            if (config.bucketed()) {
                chunk.sort(Comparator.comparingInt(i -> lengths[i])); // stable: ties keep the shuffled order
            }
            for (int b = 0; b < chunk.size(); b += config.batchSize()) {
                batches.add(chunk.subList(b, Math.min(chunk.size(), b + config.batchSize())).stream()
                        .mapToInt(Integer::intValue).toArray());
            }
        }
        if (config.bucketed() && config.shuffle()) {
            Collections.shuffle(batches, rng);
        }
        long tokens = 0;
        long cells = 0;
        for (int[] batch : batches) {
            int longest = 0;
            for (int i : batch) {
                tokens += lengths[i];
                longest = Math.max(longest, lengths[i]);
            }
            cells += (long) longest * batch.length;
        }
        return new BatchPlan(batches, tokens, cells);
    }

    /** Share of the padded batches that is padding: 0 when every row of a batch has the same length. */
    public double paddingRatio() {
        return cells == 0 ? 0 : (double) (cells - tokens) / cells;
    }

    public int size() {
        return batches.size();
    }

    /** A different, reproducible stream per (seed, epoch); SplitMix64's finaliser spreads nearby seeds apart. */
    private static long mix(long seed, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
