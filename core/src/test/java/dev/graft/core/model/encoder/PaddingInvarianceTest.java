package dev.graft.core.model.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.testing.Fixtures;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A row's outputs on its real tokens do not depend on what it is batched with or how much padding
 * follows it: the padding mask and the position ids must keep padded columns out of every real
 * token's computation.
 */
class PaddingInvarianceTest {
    private static final double TOLERANCE = 1e-5;
    private static final int EXTRA_PADDING = 5;

    /** The fixtures' stored inputs: three rows of 7, 12 and 3 real tokens, right-padded to 12. */
    private record Batch(long[][] ids, long[][] types, int[] lengths) {}

    @ParameterizedTest(name = "{0}")
    @CsvSource({"bert-seqcls, 0", "roberta-seqcls, 1", "distilbert-seqcls, 0"})
    void aRowAloneMatchesTheSameRowInABatch(String fixture, int padId) {
        try (PretrainedEncoder model = PretrainedEncoder.load(Fixtures.hf(fixture), Device.cpu(), false);
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            assertThat(model.model().spec().padId()).as("pad_token_id of %s", fixture).isEqualTo(padId);
            Batch batch = storedBatch(fixture, model);
            assertThat(Arrays.stream(batch.lengths()).distinct().count()).as("distinct row lengths").isEqualTo(3);
            EncoderOutput batched = run(model, m, batch, 0, padId);
            for (int r = 0; r < batch.ids().length; r++) {
                EncoderOutput alone = run(model, m, row(batch, r), 0, padId);
                assertSameRow(batched, r, alone, batch.lengths()[r], fixture + " row " + r + " batched vs alone");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"bert-seqcls, 0", "roberta-seqcls, 1", "distilbert-seqcls, 0"})
    void extraPaddingColumnsChangeNothing(String fixture, int padId) {
        try (PretrainedEncoder model = PretrainedEncoder.load(Fixtures.hf(fixture), Device.cpu(), false);
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Batch batch = storedBatch(fixture, model);
            EncoderOutput plain = run(model, m, batch, 0, padId);
            EncoderOutput padded = run(model, m, batch, EXTRA_PADDING, padId);
            for (int r = 0; r < batch.ids().length; r++) {
                assertSameRow(plain, r, padded, r, batch.lengths()[r], fixture + " row " + r + " with extra padding");
                // and the row alone, with padding after it, matches itself unpadded
                EncoderOutput alone = run(model, m, row(batch, r), 0, padId);
                EncoderOutput alonePadded = run(model, m, row(batch, r), EXTRA_PADDING, padId);
                assertSameRow(alone, 0, alonePadded, 0, batch.lengths()[r], fixture + " row " + r + " alone, padded");
            }
        }
    }

    /** The stored batch; token types only for models that have them. */
    private static Batch storedBatch(String fixture, PretrainedEncoder model) {
        try (SafetensorsFile ref = SafetensorsFile.open(Fixtures.hf(fixture).resolve("reference.safetensors"))) {
            int rows = (int) ref.info("input_ids").shape()[0];
            long[][] ids = reshape(ref.readLongs("input_ids"), rows);
            long[][] mask = reshape(ref.readLongs("attention_mask"), rows);
            long[][] types = model.model().spec().typeVocabSize() > 0 && ref.names().contains("token_type_ids")
                    ? reshape(ref.readLongs("token_type_ids"), rows)
                    : null;
            int[] lengths = Arrays.stream(mask).mapToInt(r -> (int) Arrays.stream(r).sum()).toArray();
            return new Batch(ids, types, lengths);
        }
    }

    /** Row {@code r} cut to its real tokens. */
    private static Batch row(Batch b, int r) {
        int n = b.lengths()[r];
        return new Batch(new long[][] {Arrays.copyOf(b.ids()[r], n)},
                b.types() == null ? null : new long[][] {Arrays.copyOf(b.types()[r], n)}, new int[] {n});
    }

    /** Runs the batch with {@code extra} more columns of padding: pad id, mask 0, type 0. */
    private static EncoderOutput run(PretrainedEncoder model, NDManager m, Batch b, int extra, int padId) {
        int rows = b.ids().length;
        int width = b.ids()[0].length + extra;
        long[][] ids = new long[rows][width];
        long[][] mask = new long[rows][width];
        long[][] types = new long[rows][width];
        for (int r = 0; r < rows; r++) {
            Arrays.fill(ids[r], padId);
            System.arraycopy(b.ids()[r], 0, ids[r], 0, b.lengths()[r]);
            Arrays.fill(mask[r], 0, b.lengths()[r], 1);
            if (b.types() != null) {
                System.arraycopy(b.types()[r], 0, types[r], 0, b.lengths()[r]);
            }
        }
        return model.forward(m.create(ids), m.create(mask), b.types() == null ? null : m.create(types));
    }

    private static void assertSameRow(EncoderOutput a, int rowA, EncoderOutput b, int length, String what) {
        assertSameRow(a, rowA, b, 0, length, what);
    }

    private static void assertSameRow(EncoderOutput a, int rowA, EncoderOutput b, int rowB, int length, String what) {
        NDIndex tokens = new NDIndex(":" + length);
        NDArray hiddenA = a.lastHiddenState().get(rowA).get(tokens);
        NDArray hiddenB = b.lastHiddenState().get(rowB).get(tokens);
        assertThat(Fixtures.maxAbsDiff(hiddenA, hiddenB)).as("last_hidden_state, %s", what)
                .isLessThanOrEqualTo(TOLERANCE);
        assertThat(Fixtures.maxAbsDiff(a.logits().get(rowA), b.logits().get(rowB))).as("logits, %s", what)
                .isLessThanOrEqualTo(TOLERANCE);
    }

    private static long[][] reshape(long[] flat, int rows) {
        int cols = flat.length / rows;
        long[][] out = new long[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
        return out;
    }
}
