package dev.graft.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What a task adds to the shared training loop ({@link TrainLoop}): the loss of a batch and the dev
 * figures. The loop divides each batch's summed loss by the loss terms of the whole optimizer step
 * (the rows of every accumulated batch for classification, the target tokens for language modelling),
 * so the step's loss is the mean over its terms however the step is split into batches.
 *
 * @param <B> the batch type
 */
public interface TrainTask<B> {
    /** Rows of the batch (examples/s and the step's example count). */
    int rows(B batch);

    /** Loss terms in the batch, known before the forward pass: rows, or tokens that carry a target. */
    long terms(B batch);

    /** The loss summed over the batch's {@link #terms}, a scalar in {@code scope}. */
    NDArray loss(NDManager scope, B batch, boolean training);

    /** Dev figures over every batch of {@code dev} (epoch 0, in order), dropout off. */
    Evaluation evaluate(NDManager manager, Batches<B> dev);
}
