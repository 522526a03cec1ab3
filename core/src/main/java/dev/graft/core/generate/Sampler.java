package dev.graft.core.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token of one request from its logits: repetition penalty, then greedy or
 * temperature, top-k, top-p and a draw from the request's own seeded generator. Runs in Java on one
 * row of logits, so no state is shared between requests.
 */
public final class Sampler {
    private final GenerationConfig config;
    private final SplittableRandom random;

    public Sampler(GenerationConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
    }

    /**
     * @param logits the next-token logits (modified in place)
     * @param context the tokens so far (prompt and generated), for the repetition penalty
     */
    public long next(float[] logits, long[] context) {
        if (config.repetitionPenalty() != 1f) {
            penalise(logits, context, config.repetitionPenalty());
        }
        if (config.isGreedy()) {
            return argmax(logits);
        }
        float inv = 1f / config.temperature();
        for (int i = 0; i < logits.length; i++) {
            logits[i] *= inv;
        }
        if (config.topK() > 0 && config.topK() < logits.length) {
            keepTopK(logits, config.topK());
        }
        double[] probs = softmax(logits);
        if (config.topP() < 1f) {
            keepNucleus(probs, config.topP());
        }
        return draw(probs, random.nextDouble());
    }

    /** HF's rule: a seen token's logit is divided by the penalty when positive, multiplied when negative. */
    static void penalise(float[] logits, long[] context, float penalty) {
        boolean[] seen = new boolean[logits.length];
        for (long t : context) {
            if (t >= 0 && t < logits.length && !seen[(int) t]) {
                seen[(int) t] = true;
                float l = logits[(int) t];
                logits[(int) t] = l < 0 ? l * penalty : l / penalty;
            }
        }
    }

    /** The first index of the largest logit. */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Sets every logit below the k-th largest to -inf (ties with the k-th are kept, as HF does). */
    static void keepTopK(float[] logits, int k) {
        float[] sorted = logits.clone();
        Arrays.sort(sorted);
        float threshold = sorted[sorted.length - k];
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] < threshold) {
                logits[i] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    static double[] softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = logits[i] == Float.NEGATIVE_INFINITY ? 0 : Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * Nucleus filtering: zeroes every probability outside the smallest set of most likely tokens whose
     * total reaches {@code p} (at least one token is always kept), then renormalises.
     */
    public static void keepNucleus(double[] probs, double p) {
        Integer[] order = new Integer[probs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(probs[b], probs[a]));
        double mass = 0;
        int kept = 0;
        while (kept < order.length && (kept == 0 || mass < p)) {
            mass += probs[order[kept++]];
        }
        for (int i = kept; i < order.length; i++) {
            probs[order[i]] = 0;
        }
        for (int i = 0; i < kept; i++) {
            probs[order[i]] /= mass;
        }
    }

    /** Inverse-CDF draw over token ids in order; {@code u} in [0, 1). */
    static int draw(double[] probs, double u) {
        double total = 0;
        for (double q : probs) {
            total += q;
        }
        double target = u * total;
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] > 0) {
                cumulative += probs[i];
                last = i;
                if (target < cumulative) {
                    return i;
                }
            }
        }
        return last;
    }
}
