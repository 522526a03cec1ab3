package dev.graft.finetune;

/**
 * The batches of each epoch, of whatever kind a {@link TrainTask} reads. Implementations must make an
 * epoch's batches a pure function of the seed and the epoch number, so a resumed run can start again at
 * (epoch, batch index).
 *
 * @param <B> the batch type
 */
public interface Batches<B> {
    /** Number of batches in epoch {@code epoch}. */
    int batches(int epoch);

    /** The batches of {@code epoch} from index {@code from} on, in order. */
    Iterable<B> epoch(int epoch, int from);
}
