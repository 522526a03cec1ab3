package dev.graft.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.graft.core.model.gpt2.Gpt2Decoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.model.t5.PretrainedT5;
import dev.graft.core.model.t5.T5Decoder;
import dev.graft.core.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding with the key-value cache gives the logits and tokens of recomputing every step in full. */
class CachedDecodingTest {
    private static final List<long[]> PROMPTS = List.of(new long[] {5, 17, 300, 42, 9}, new long[] {700, 3}, new long[] {1, 2, 3, 4, 5, 6, 7});

    @Test
    void gpt2CacheEqualsRecomputation() {
        try (PretrainedGpt2 gpt2 = PretrainedGpt2.load(Fixtures.hf("gpt2-lm"), Device.cpu(), false)) {
            compareLockstep(new Gpt2Decoder(gpt2), 20);
            assertSameTokens(new Gpt2Decoder(gpt2));
        }
    }

    @Test
    void t5CacheEqualsRecomputation() {
        try (PretrainedT5 t5 = PretrainedT5.load(Fixtures.hf("t5-seq2seq"), Device.cpu(), false)) {
            compareLockstep(new T5Decoder(t5), 20);
            assertSameTokens(new T5Decoder(t5));
        }
    }

    /** Feeds both sessions the same tokens (sampled, so the path is not degenerate) and compares every logit. */
    private static void compareLockstep(Decoder decoder, int steps) {
        Sampler sampler = new Sampler(new GenerationConfig(steps, 1.0f, 0, 1f, 1f, java.util.Set.of(), List.of(), 7L));
        try (DecodingSession cached = decoder.start(PROMPTS, true); DecodingSession full = decoder.start(PROMPTS, false)) {
            float[][] a = cached.next(null);
            float[][] b = full.next(null);
            for (int step = 0; step < steps; step++) {
                long[] next = new long[PROMPTS.size()];
                for (int row = 0; row < next.length; row++) {
                    assertThat(maxAbsDiff(a[row], b[row])).as("step %d row %d", step, row).isLessThanOrEqualTo(1e-4);
                    next[row] = sampler.next(a[row].clone(), new long[0]);
                }
                a = cached.next(next);
                b = full.next(next);
            }
        }
    }

    private static void assertSameTokens(Decoder decoder) {
        List<GenerationRequest> requests = PROMPTS.stream()
                .map(p -> new GenerationRequest(p, new GenerationConfig(15, 0.8f, 40, 0.95f, 1.1f, java.util.Set.of(), List.of(), 99L)))
                .toList();
        Generator g = new Generator(decoder, null);
        List<GenerationResult> withCache = g.generate(requests, true, TokenListener.NONE);
        List<GenerationResult> without = g.generate(requests, false, TokenListener.NONE);
        for (int i = 0; i < requests.size(); i++) {
            assertThat(withCache.get(i).generated()).containsExactly(without.get(i).generated());
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
