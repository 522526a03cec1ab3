package dev.graft.core.data;

import dev.graft.core.tokenize.Encoding;
import dev.graft.core.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Cuts a dataset into padded batches epoch after epoch. Pair lengths are measured once, when the
 * batcher is made, so each epoch's {@link BatchPlan} (and its padding ratio) comes without encoding;
 * rows are encoded again batch by batch as the epoch is iterated, so encodings of the whole set are
 * never held at once.
 */
public final class NliBatcher {
    private final List<NliExample> examples;
    private final TextTokenizer tokenizer;
    private final BatchConfig config;
    private final LabelView view;
    private final int[] lengths;

    public NliBatcher(List<NliExample> examples, TextTokenizer tokenizer, BatchConfig config, LabelView view) {
        this.examples = List.copyOf(examples);
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.config = Objects.requireNonNull(config, "config");
        this.view = Objects.requireNonNull(view, "view");
        this.lengths = new int[this.examples.size()];
        for (int i = 0; i < lengths.length; i++) {
            NliExample e = this.examples.get(i);
            if (e.hasLabel() && view == LabelView.THREE_WAY && e.label() == NliLabel.NOT_ENTAILMENT) {
                throw new IllegalArgumentException(e.source() + ": label not_entailment has no class in the 3-way view;"
                        + " batch 2-way data with the 2-way view");
            }
            lengths[i] = tokenizer.encodePair(e.premise(), e.hypothesis()).length();
        }
    }

    /** Token length of each example's encoded pair, special tokens included. */
    public int[] lengths() {
        return lengths.clone();
    }

    public int size() {
        return examples.size();
    }

    public BatchPlan plan(int epoch) {
        return BatchPlan.of(lengths, config, epoch);
    }

    /** The batches of epoch {@code epoch}, encoded one batch at a time. */
    public Iterable<NliBatch> epoch(int epoch) {
        BatchPlan plan = plan(epoch);
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < plan.size();
            }

            @Override
            public NliBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("epoch " + epoch + " has " + plan.size() + " batches");
                }
                return batch(plan.batches().get(next++));
            }
        };
    }

    private NliBatch batch(int[] indices) {
        List<NliExample> rows = new ArrayList<>(indices.length);
        List<Encoding> encodings = new ArrayList<>(indices.length);
        for (int i : indices) {
            NliExample e = examples.get(i);
            rows.add(e);
            encodings.add(tokenizer.encodePair(e.premise(), e.hypothesis()));
        }
        return NliBatch.pad(rows, encodings, tokenizer.padId(), view);
    }
}
