package dev.graft.core.generate;

import java.util.List;
import java.util.Set;

/**
 * How one request is decoded. Temperature 0 is greedy decoding; otherwise tokens are sampled from
 * {@code softmax(logits / temperature)} restricted by top-k and top-p (Holtzman et al. 2020), with a
 * generator seeded per request so that a request decodes the same alone, in a batch, or in another run.
 *
 * @param maxNewTokens tokens to generate at most (> 0)
 * @param temperature 0 for greedy, else > 0
 * @param topK keep the k most likely tokens; 0 for no limit
 * @param topP keep the smallest set of tokens whose probability reaches p, in (0, 1]; 1 for no limit
 * @param repetitionPenalty > 0; 1 for none; tokens already in the context have positive logits divided
 *     and negative ones multiplied by it (Keskar et al. 2019, as HF applies it)
 * @param stopTokenIds generation of a row ends after any of these (the model's EOS is added by the caller)
 * @param stopStrings generation ends when the decoded continuation contains one (needs a tokenizer)
 * @param seed the request's sampling seed
 */
public record GenerationConfig(
        int maxNewTokens,
        float temperature,
        int topK,
        float topP,
        float repetitionPenalty,
        Set<Long> stopTokenIds,
        List<String> stopStrings,
        long seed) {

    public GenerationConfig {
        if (maxNewTokens <= 0) {
            throw new IllegalArgumentException("max_new_tokens must be > 0, got " + maxNewTokens);
        }
        if (!(temperature >= 0f) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0 (0 = greedy), got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top_k must be >= 0 (0 = no limit), got " + topK);
        }
        if (!(topP > 0f && topP <= 1f)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
        if (!(repetitionPenalty > 0f) || Float.isInfinite(repetitionPenalty)) {
            throw new IllegalArgumentException("repetition_penalty must be > 0 (1 = none), got " + repetitionPenalty);
        }
        stopTokenIds = Set.copyOf(stopTokenIds);
        stopStrings = List.copyOf(stopStrings);
        for (String s : stopStrings) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("stop strings must not be empty");
            }
        }
    }

    /** Greedy decoding of up to {@code maxNewTokens} tokens. */
    public static GenerationConfig greedy(int maxNewTokens) {
        return new GenerationConfig(maxNewTokens, 0f, 0, 1f, 1f, Set.of(), List.of(), 0L);
    }

    public boolean isGreedy() {
        return temperature == 0f;
    }

    public GenerationConfig withSeed(long newSeed) {
        return new GenerationConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, stopTokenIds, stopStrings, newSeed);
    }
}
