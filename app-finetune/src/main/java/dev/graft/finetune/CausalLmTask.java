package dev.graft.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import dev.graft.core.data.LmBatch;
import dev.graft.core.model.gpt2.Gpt2Model;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Causal-LM tuning: the logits at position t predict the target at t + 1, and only positions with a
 * target (the completion and its end-of-text, never the prompt or padding) carry loss, as HF's
 * {@code labels} with -100 on the prompt. One loss term per target token, so a step's loss is the mean
 * over its completion tokens. Dev figures: loss per token, perplexity, next-token accuracy.
 */
public final class CausalLmTask implements TrainTask<LmBatch> {
    private final Gpt2Model model;

    public CausalLmTask(Gpt2Model model) {
        this.model = model;
    }

    @Override
    public int rows(LmBatch batch) {
        return batch.ids().length;
    }

    /** Targets from the second position on: the first token has nothing before it to predict it from. */
    @Override
    public long terms(LmBatch batch) {
        return TokenLoss.terms(shifted(batch.targets()));
    }

    @Override
    public NDArray loss(NDManager scope, LmBatch b, boolean training) {
        return TokenLoss.summed(logits(scope, b, training), scope.create(shifted(b.targets())).flatten());
    }

    @Override
    public Evaluation evaluate(NDManager manager, Batches<LmBatch> dev) {
        double lossSum = 0;
        long correct = 0;
        long terms = 0;
        int rows = 0;
        for (LmBatch b : dev.epoch(0, 0)) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray logits = logits(scope, b, false);
                NDArray targets = scope.create(shifted(b.targets())).flatten();
                lossSum += TokenLoss.summed(logits, targets).getFloat();
                correct += TokenLoss.correct(logits, targets);
                terms += terms(b);
                rows += rows(b);
            }
        }
        double loss = terms == 0 ? Double.NaN : lossSum / terms;
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("perplexity", Math.exp(loss));
        extra.put("tokens", (double) terms);
        return new Evaluation(loss, terms == 0 ? Double.NaN : (double) correct / terms, rows, extra);
    }

    /** Logits at positions 0 … T−2, which predict the tokens at 1 … T−1: (B·(T−1), V). */
    private NDArray logits(NDManager scope, LmBatch b, boolean training) {
        ParameterStore ps = new ParameterStore(scope, false);
        long t = b.ids()[0].length;
        NDArray logits = model.apply(ps, scope.create(b.ids()), scope.create(b.mask()), null, null, training)
                .logits(); // (B, T, V)
        return logits.get(new NDIndex(":, :" + (t - 1) + ", :")).reshape(-1, logits.getShape().get(2));
    }

    /** Targets at positions 1 … T−1: (B, T−1). */
    static long[][] shifted(long[][] targets) {
        long[][] out = new long[targets.length][];
        for (int i = 0; i < targets.length; i++) {
            out[i] = java.util.Arrays.copyOfRange(targets[i], 1, targets[i].length);
        }
        return out;
    }
}
