package dev.graft.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.ParameterStore;
import dev.graft.core.data.LmBatch;
import dev.graft.core.model.gpt2.Gpt2Model;

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
        TokenLoss.Scored s = scored(scope, b, training);
        return TokenLoss.summed(s.logits(), s.targets());
    }

    /** Logits at positions 0 … T−2 and the targets at 1 … T−1 they predict. */
    private TokenLoss.Scored scored(NDManager scope, LmBatch b, boolean training) {
        return new TokenLoss.Scored(logits(scope, b, training), scope.create(shifted(b.targets())).flatten());
    }

    @Override
    public Evaluation evaluate(NDManager manager, Batches<LmBatch> dev) {
        return TokenLoss.evaluate(manager, dev, this, (scope, b) -> scored(scope, b, false));
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
