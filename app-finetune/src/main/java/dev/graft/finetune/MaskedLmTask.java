package dev.graft.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.graft.core.model.encoder.EncoderModel;
import java.util.LinkedHashMap;
import java.util.Map;

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
        NDArray logits = logits(scope, b, training); // (B·T, V)
        return TokenLoss.summed(logits, scope.create(b.targets()).flatten());
    }

    @Override
    public Evaluation evaluate(NDManager manager, Batches<MaskedBatch> dev) {
        double lossSum = 0;
        long correct = 0;
        long terms = 0;
        int rows = 0;
        for (MaskedBatch b : dev.epoch(0, 0)) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray logits = logits(scope, b, false);
                NDArray targets = scope.create(b.targets()).flatten();
                lossSum += TokenLoss.summed(logits, targets).getFloat();
                correct += TokenLoss.correct(logits, targets);
                terms += terms(b);
                rows += b.size();
            }
        }
        double loss = terms == 0 ? Double.NaN : lossSum / terms;
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("perplexity", Math.exp(loss));
        extra.put("tokens", (double) terms);
        return new Evaluation(loss, terms == 0 ? Double.NaN : (double) correct / terms, rows, extra);
    }

    private NDArray logits(NDManager scope, MaskedBatch b, boolean training) {
        ParameterStore ps = new ParameterStore(scope, false);
        NDArray logits = model.apply(ps, scope.create(b.ids()), scope.create(b.mask()), scope.create(b.typeIds()),
                training).logits(); // (B, T, V)
        return logits.reshape(-1, logits.getShape().get(2));
    }
}
