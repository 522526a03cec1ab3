package dev.graft.core.peft;

/**
 * Prompt tuning (Lester et al. 2021): soft tokens at the embedding level.
 *
 * @param numVirtualTokens soft tokens P > 0
 * @param init how the soft tokens start (§3: random, sampled vocabulary, or a text's embeddings)
 * @param initTokenIds for {@link Init#TEXT}: the text's token ids, repeated or cut to P
 * @param seed for {@link Init#SAMPLE_VOCAB}: which vocabulary rows are drawn
 */
public record PromptConfig(int numVirtualTokens, Init init, long[] initTokenIds, long seed, boolean trainHead)
        implements PeftConfig {

    /** PEFT's {@code prompt_tuning_init}. */
    public enum Init {
        RANDOM,
        SAMPLE_VOCAB,
        TEXT
    }

    public PromptConfig {
        if (numVirtualTokens <= 0) {
            throw new IllegalArgumentException("prompt tuning needs num_virtual_tokens > 0, got " + numVirtualTokens);
        }
        if (init == null) {
            throw new IllegalArgumentException("prompt tuning init must be RANDOM, SAMPLE_VOCAB or TEXT, got null");
        }
        if (init == Init.TEXT && (initTokenIds == null || initTokenIds.length == 0)) {
            throw new IllegalArgumentException("prompt tuning init TEXT needs the text's token ids, got none");
        }
        initTokenIds = initTokenIds == null ? new long[0] : initTokenIds.clone();
    }

    public static PromptConfig random(int numVirtualTokens) {
        return new PromptConfig(numVirtualTokens, Init.RANDOM, null, 0, false);
    }

    @Override
    public long[] initTokenIds() {
        return initTokenIds.clone();
    }

    @Override
    public String toString() {
        return "PromptConfig[numVirtualTokens=" + numVirtualTokens + ", init=" + init + ", initTokenIds="
                + java.util.Arrays.toString(initTokenIds) + ", seed=" + seed + ", trainHead=" + trainHead + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptConfig p && p.numVirtualTokens == numVirtualTokens && p.init == init
                && java.util.Arrays.equals(p.initTokenIds, initTokenIds) && p.seed == seed && p.trainHead == trainHead;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(numVirtualTokens, init, java.util.Arrays.hashCode(initTokenIds), seed, trainHead);
    }

    @Override
    public String peftType() {
        return "PROMPT_TUNING";
    }
}
