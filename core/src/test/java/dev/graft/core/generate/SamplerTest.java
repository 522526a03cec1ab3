package dev.graft.core.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static GenerationConfig sampled(float temperature, int topK, float topP, long seed) {
        return new GenerationConfig(10, temperature, topK, topP, 1f, Set.of(), List.of(), seed);
    }

    @Test
    void topKOneEqualsGreedy() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            float[] logits = new float[50];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) r.nextGaussian() * 3;
            }
            long topK1 = new Sampler(sampled(1.7f, 1, 1f, trial)).next(logits.clone(), new long[0]);
            assertThat(topK1).isEqualTo(Sampler.argmax(logits));
        }
    }

    @Test
    void temperatureZeroIsGreedy() {
        float[] logits = {0.1f, 2.5f, -1f, 2.4f};
        assertThat(new Sampler(sampled(0f, 0, 1f, 1)).next(logits, new long[0])).isEqualTo(1);
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        // Sorted: 0.4 (id 2), 0.3 (id 0), 0.2 (id 3), 0.1 (id 1).
        double[] probs = {0.3, 0.1, 0.4, 0.2};
        Sampler.keepNucleus(probs, 0.65);
        // 0.4 < 0.65, 0.4 + 0.3 = 0.7 >= 0.65: ids 2 and 0 stay, renormalised.
        assertThat(probs[2]).isCloseTo(0.4 / 0.7, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(probs[0]).isCloseTo(0.3 / 0.7, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(probs[1]).isZero();
        assertThat(probs[3]).isZero();

        double[] exact = {0.3, 0.1, 0.4, 0.2};
        Sampler.keepNucleus(exact, 0.7); // reaching p exactly needs no further token
        assertThat(exact[3]).isZero();

        double[] tiny = {0.3, 0.1, 0.4, 0.2};
        Sampler.keepNucleus(tiny, 0.01); // the most likely token always survives
        assertThat(tiny).containsExactly(0, 0, 1, 0);
    }

    @Test
    void samplesOnlyFromTheNucleusAndCoversIt() {
        float[] logits = {(float) Math.log(0.3), (float) Math.log(0.1), (float) Math.log(0.4), (float) Math.log(0.2)};
        int[] counts = new int[4];
        Sampler s = new Sampler(sampled(1f, 0, 0.65f, 11));
        for (int i = 0; i < 4000; i++) {
            counts[(int) s.next(logits.clone(), new long[0])]++;
        }
        assertThat(counts[1]).isZero();
        assertThat(counts[3]).isZero();
        assertThat(counts[2] / 4000.0).isCloseTo(0.4 / 0.7, org.assertj.core.data.Offset.offset(0.03));
    }

    @Test
    void repetitionPenaltyFollowsHfRule() {
        float[] logits = {2f, -2f, 1f};
        Sampler.penalise(logits, new long[] {0, 1, 1}, 2f);
        assertThat(logits).containsExactly(1f, -4f, 1f);
    }

    @Test
    void invalidParametersNameTheParameterAndLimit() {
        assertThatThrownBy(() -> new GenerationConfig(0, 1f, 0, 1f, 1f, Set.of(), List.of(), 0))
                .hasMessage("max_new_tokens must be > 0, got 0");
        assertThatThrownBy(() -> new GenerationConfig(5, -0.5f, 0, 1f, 1f, Set.of(), List.of(), 0))
                .hasMessage("temperature must be >= 0 (0 = greedy), got -0.5");
        assertThatThrownBy(() -> new GenerationConfig(5, 1f, -1, 1f, 1f, Set.of(), List.of(), 0))
                .hasMessage("top_k must be >= 0 (0 = no limit), got -1");
        assertThatThrownBy(() -> new GenerationConfig(5, 1f, 0, 0f, 1f, Set.of(), List.of(), 0))
                .hasMessage("top_p must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> new GenerationConfig(5, 1f, 0, 1.5f, 1f, Set.of(), List.of(), 0))
                .hasMessage("top_p must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> new GenerationConfig(5, 1f, 0, 1f, 0f, Set.of(), List.of(), 0))
                .hasMessage("repetition_penalty must be > 0 (1 = none), got 0.0");
        assertThatThrownBy(() -> new GenerationConfig(5, Float.NaN, 0, 1f, 1f, Set.of(), List.of(), 0))
                .hasMessageStartingWith("temperature must be >= 0");
    }
}
