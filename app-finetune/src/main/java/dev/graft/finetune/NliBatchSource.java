package dev.graft.finetune;

import dev.graft.core.data.NliBatch;
import dev.graft.core.data.NliBatcher;
import java.util.Iterator;

/**
 * The data package's bucketed sentence-pair batches as engine batches, labels mapped onto the model's
 * classes. Epoch order is {@link NliBatcher}'s: a pure function of the seed and the epoch.
 */
final class NliBatchSource implements BatchSource {
    private final NliBatcher batcher;
    private final LabelMap labels;

    NliBatchSource(NliBatcher batcher, LabelMap labels) {
        this.batcher = batcher;
        this.labels = labels;
    }

    @Override
    public int batches(int epoch) {
        return batcher.plan(epoch).size();
    }

    @Override
    public Iterable<TrainBatch> epoch(int epoch, int from) {
        return () -> {
            Iterator<NliBatch> it = batcher.epoch(epoch).iterator();
            for (int i = 0; i < from && it.hasNext(); i++) {
                it.next(); // encodes and drops: positions, not encodings, are what a checkpoint keeps
            }
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public TrainBatch next() {
                    return convert(it.next());
                }
            };
        };
    }

    private TrainBatch convert(NliBatch b) {
        long[] y = new long[b.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.modelClass(b.examples().get(i).label(), b.examples().get(i).source());
        }
        return new TrainBatch(b.ids(), b.mask(), b.typeIds(), y);
    }
}
