package dev.graft.core.data;

import java.util.Set;
import java.util.SplittableRandom;

/**
 * BERT's masked-LM corruption (Devlin et al. 2019, §3.1): each real, non-special token is chosen with
 * probability 15%; a chosen token becomes [MASK] 80% of the time, a random vocabulary token 10% and
 * stays itself 10%. The targets hold the original ids at chosen positions and {@link LmBatch#IGNORE}
 * elsewhere. The draw comes from a seed, so a batch is corrupted the same way on a rerun or a resume.
 */
public final class MlmMasker {
    private final long maskId;
    private final int vocabSize;
    private final Set<Long> specialIds;
    private final double probability;

    /**
     * @param specialIds ids never chosen ([CLS], [SEP], [PAD], …)
     * @param probability share of tokens chosen, in (0, 1); BERT uses 0.15
     */
    public MlmMasker(long maskId, int vocabSize, Set<Long> specialIds, double probability) {
        if (!(probability > 0 && probability < 1)) {
            throw new IllegalArgumentException("masking probability must be in (0, 1), got " + probability);
        }
        if (maskId < 0 || maskId >= vocabSize) {
            throw new IllegalArgumentException("mask id " + maskId + " is outside the vocabulary [0, " + (vocabSize - 1) + "]");
        }
        this.maskId = maskId;
        this.vocabSize = vocabSize;
        this.specialIds = Set.copyOf(specialIds);
        this.probability = probability;
    }

    /**
     * @param ids (B, T) token ids (not modified)
     * @param mask (B, T) 1 for tokens, 0 for padding
     * @param seed the batch's seed (e.g. run seed mixed with the step)
     */
    public LmBatch apply(long[][] ids, long[][] mask, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[][] inputs = new long[ids.length][];
        long[][] targets = new long[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            inputs[i] = ids[i].clone();
            targets[i] = new long[ids[i].length];
            java.util.Arrays.fill(targets[i], LmBatch.IGNORE);
            for (int j = 0; j < ids[i].length; j++) {
                if (mask[i][j] == 0 || specialIds.contains(ids[i][j]) || random.nextDouble() >= probability) {
                    continue;
                }
                targets[i][j] = ids[i][j];
                double r = random.nextDouble();
                if (r < 0.8) {
                    inputs[i][j] = maskId;
                } else if (r < 0.9) {
                    inputs[i][j] = random.nextInt(vocabSize);
                }
            }
        }
        return new LmBatch(inputs, mask, targets);
    }
}
