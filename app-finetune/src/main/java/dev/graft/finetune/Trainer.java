package dev.graft.finetune;

import ai.djl.ndarray.NDManager;
import dev.graft.core.model.encoder.EncoderModel;
import java.util.List;

/**
 * The shared {@link TrainLoop} on the classification task: what {@code graft finetune} runs for NLI
 * and single-sentence classification.
 */
public final class Trainer {
    private final TrainLoop<TrainBatch> loop;

    public Trainer(EncoderModel model, NDManager manager, List<TrainableParameter> params, TrainerOptions options,
            TrainListener listener) {
        this.loop = new TrainLoop<>(new ClassificationTask(model), manager, params, options, listener);
    }

    public AdamW optimizer() {
        return loop.optimizer();
    }

    /** Optimizer steps the whole run takes (without early stopping). */
    public long totalSteps(BatchSource train) {
        return loop.totalSteps(train);
    }

    /** Trains from {@code state} (start or a restored checkpoint) to the end; returns the final state. */
    public TrainState train(BatchSource train, BatchSource dev, TrainState state) {
        return loop.train(train, dev, state);
    }

    /** Mean loss and accuracy over every batch of {@code dev} (epoch 0, in order), dropout off. */
    public static Evaluation evaluate(EncoderModel model, NDManager manager, BatchSource dev) {
        return new ClassificationTask(model).evaluate(manager, dev);
    }
}
