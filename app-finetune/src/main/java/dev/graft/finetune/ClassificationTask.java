package dev.graft.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.graft.core.model.encoder.EncoderModel;

/** Sequence(-pair) classification: cross-entropy on the classifier's logits, one loss term per row. */
public final class ClassificationTask implements TrainTask<TrainBatch> {
    private final EncoderModel model;

    public ClassificationTask(EncoderModel model) {
        this.model = model;
    }

    @Override
    public int rows(TrainBatch batch) {
        return batch.size();
    }

    @Override
    public long terms(TrainBatch batch) {
        return batch.size();
    }

    /** Summed cross-entropy of the batch's rows, (scalar) in {@code scope}. */
    @Override
    public NDArray loss(NDManager scope, TrainBatch b, boolean training) {
        NDArray logits = logits(scope, b, training); // (B, C)
        NDArray logp = logits.logSoftmax(1);
        NDArray picked = logp.mul(b.labelsArray(scope).oneHot((int) logits.getShape().get(1))).sum(new int[] {1});
        return picked.sum().neg();
    }

    /** Mean loss and accuracy over every batch of {@code dev} (epoch 0, in order), dropout off. */
    @Override
    public Evaluation evaluate(NDManager manager, Batches<TrainBatch> dev) {
        double lossSum = 0;
        long correct = 0;
        int n = 0;
        for (TrainBatch b : dev.epoch(0, 0)) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray logits = logits(scope, b, false);
                NDArray labels = b.labelsArray(scope);
                NDArray logp = logits.logSoftmax(1);
                lossSum -= logp.mul(labels.oneHot((int) logits.getShape().get(1))).sum().getFloat();
                correct += logits.argMax(1).eq(labels).sum().getLong();
                n += b.size();
            }
        }
        return new Evaluation(n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : (double) correct / n, n);
    }

    private NDArray logits(NDManager scope, TrainBatch b, boolean training) {
        ParameterStore ps = new ParameterStore(scope, false);
        return model.apply(ps, b.idsArray(scope), b.maskArray(scope), b.typesArray(scope), training).logits();
    }
}
