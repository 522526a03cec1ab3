package dev.graft.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.graft.core.model.encoder.EncoderModel;

/**
 * Masked-LM pretraining (Devlin et al. 2019, §3.1): cross-entropy of the original token at each chosen
 * position, one loss term per chosen token. Dev figures: loss per masked token, its perplexity, and
 * masked-token accuracy.
 */
public final class MaskedLmTask implements TrainTask<MaskedBatch> {
    private final EncoderModel model;

    public MaskedLmTask(EncoderModel model) {
        this.model = model;
    }

    @Override
    public int rows(MaskedBatch batch) {
        return batch.size();
    }

    @Override
    public long terms(MaskedBatch batch) {
        return TokenLoss.terms(batch.targets());
    }

    @Override
    public NDArray loss(NDManager scope, MaskedBatch b, boolean training) {
        TokenLoss.Scored s = scored(scope, b, training);
        return TokenLoss.summed(s.logits(), s.targets());
    }

    /** Logits at every position (B·T, V) and the original tokens, ignored where nothing was chosen. */
    private TokenLoss.Scored scored(NDManager scope, MaskedBatch b, boolean training) {
        return new TokenLoss.Scored(logits(scope, b, training), scope.create(b.targets()).flatten());
    }

    @Override
    public Evaluation evaluate(NDManager manager, Batches<MaskedBatch> dev) {
        return TokenLoss.evaluate(manager, dev, this, (scope, b) -> scored(scope, b, false));
    }

    private NDArray logits(NDManager scope, MaskedBatch b, boolean training) {
        ParameterStore ps = new ParameterStore(scope, false);
        NDArray logits = model.apply(ps, scope.create(b.ids()), scope.create(b.mask()), scope.create(b.typeIds()),
                training).logits(); // (B, T, V)
        return logits.reshape(-1, logits.getShape().get(2));
    }
}
