package dev.graft.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.graft.core.tokenize.Encoding;
import java.util.List;

/**
 * A batch padded to its longest row, as plain arrays; {@link #toNDList} makes the tensors.
 *
 * @param ids token ids, (B, T), padded with the tokenizer's pad id
 * @param typeIds segment ids, (B, T), padded with 0 (as HF pads token_type_ids)
 * @param mask 1 for a token, 0 for padding, (B, T)
 * @param labels class per row in the batcher's {@link LabelView}, (B); -1 for an unlabelled row
 * @param examples the rows, in batch order
 */
public record NliBatch(long[][] ids, long[][] typeIds, long[][] mask, int[] labels, List<NliExample> examples) {
    /** Label of a row from a file without labels (GLUE test); the loss must ignore it. */
    public static final int NO_LABEL = -1;

    public NliBatch {
        int b = ids.length;
        if (typeIds.length != b || mask.length != b || labels.length != b || examples.size() != b) {
            throw new IllegalArgumentException("batch parts differ in size: ids " + b + ", typeIds " + typeIds.length
                    + ", mask " + mask.length + ", labels " + labels.length + ", examples " + examples.size());
        }
        for (int i = 0; i < b; i++) {
            if (ids[i].length != ids[0].length || typeIds[i].length != ids[0].length || mask[i].length != ids[0].length) {
                throw new IllegalArgumentException("row " + i + " of the batch is not padded to " + ids[0].length);
            }
        }
        examples = List.copyOf(examples);
    }

    /** Pads {@code encodings} (one per example) to the longest of them. */
    public static NliBatch pad(List<NliExample> examples, List<Encoding> encodings, long padId, LabelView view) {
        int b = encodings.size();
        int t = encodings.stream().mapToInt(Encoding::length).max().orElse(0);
        long[][] ids = new long[b][t];
        long[][] types = new long[b][t];
        long[][] mask = new long[b][t];
        int[] labels = new int[b];
        for (int i = 0; i < b; i++) {
            Encoding e = encodings.get(i);
            java.util.Arrays.fill(ids[i], padId);
            System.arraycopy(e.ids(), 0, ids[i], 0, e.length());
            System.arraycopy(e.typeIds(), 0, types[i], 0, e.length());
            java.util.Arrays.fill(mask[i], 0, e.length(), 1L);
            NliExample ex = examples.get(i);
            labels[i] = ex.hasLabel() ? view.classOf(ex.label()) : NO_LABEL;
        }
        return new NliBatch(ids, types, mask, labels, examples);
    }

    public int size() {
        return ids.length;
    }

    /** T, the longest row. */
    public int seqLen() {
        return ids.length == 0 ? 0 : ids[0].length;
    }

    public long padCount() {
        long real = 0;
        for (long[] row : mask) {
            for (long m : row) {
                real += m;
            }
        }
        return (long) size() * seqLen() - real;
    }

    /** Share of the (B, T) cells that is padding. */
    public double paddingRatio() {
        long cells = (long) size() * seqLen();
        return cells == 0 ? 0 : (double) padCount() / cells;
    }

    /**
     * {@code input_ids}, {@code attention_mask}, {@code token_type_ids}, each (B, T) INT64, in the order
     * {@code EncoderModel} takes them, created on {@code manager}.
     */
    public NDList toNDList(NDManager manager) {
        NDArray inputIds = manager.create(ids);
        inputIds.setName("input_ids");
        NDArray attentionMask = manager.create(mask);
        attentionMask.setName("attention_mask");
        NDArray tokenTypeIds = manager.create(typeIds);
        tokenTypeIds.setName("token_type_ids");
        return new NDList(inputIds, attentionMask, tokenTypeIds);
    }

    /** The labels as a (B) INT64 array on {@code manager}. */
    public NDArray labelArray(NDManager manager) {
        long[] l = new long[labels.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels[i];
        }
        NDArray a = manager.create(l);
        a.setName("labels");
        return a;
    }
}
