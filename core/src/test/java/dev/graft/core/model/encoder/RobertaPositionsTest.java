package dev.graft.core.model.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.graft.core.testing.Fixtures;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RoBERTa numbers real tokens from {@code pad_id + 1} and gives padding {@code pad_id}, as HF's
 * {@code create_position_ids_from_input_ids}; the roberta-seqcls fixture has pad id 1 and 66 positions,
 * so at most 64 tokens fit.
 */
class RobertaPositionsTest {
    private static PretrainedEncoder roberta;
    private static NDManager manager;

    @BeforeAll
    static void load() {
        roberta = PretrainedEncoder.load(Fixtures.hf("roberta-seqcls"), Device.cpu(), false);
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @AfterAll
    static void close() {
        manager.close();
        roberta.close();
    }

    @Test
    void rightPaddedRowsCountFromTwoAndPadsKeepOne() {
        assertThat(roberta.model().spec().padId()).isEqualTo(1);
        NDArray ids = manager.create(new long[][] {{5, 6, 7, 1, 1}, {8, 9, 10, 11, 12}, {13, 1, 1, 1, 1}});
        assertThat(positions(ids)).isEqualTo(new long[][] {{2, 3, 4, 1, 1}, {2, 3, 4, 5, 6}, {2, 1, 1, 1, 1}});
    }

    @Test
    void leftPaddingShiftsTheCountAsInHf() {
        NDArray ids = manager.create(new long[][] {{1, 1, 5, 6}});
        assertThat(positions(ids)).isEqualTo(new long[][] {{1, 1, 2, 3}});
    }

    @Test
    void theLongestInputUsesTheLastRowOfTheTable() {
        int limit = 66 - 1 - 1;
        assertThat(roberta.model().spec().maxSequenceLength()).isEqualTo(limit);
        NDArray ids = manager.create(tokens(limit)).expandDims(0);
        assertThat(positions(ids)[0][limit - 1]).isEqualTo(65);
        EncoderOutput out = roberta.forward(ids, null, null);
        assertThat(out.lastHiddenState().getShape().get(1)).isEqualTo(limit);
    }

    @Test
    void oneTokenTooManyNamesTheLimit() {
        NDArray ids = manager.create(tokens(65)).expandDims(0);
        assertThatThrownBy(() -> roberta.forward(ids, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input of 65 tokens").hasMessageContaining("limit of 64 positions");
    }

    @Test
    void bertPositionsIgnorePaddingAndUseTheWholeTable() {
        try (PretrainedEncoder bert = PretrainedEncoder.load(Fixtures.hf("bert-seqcls"), Device.cpu(), false)) {
            NDArray ids = manager.create(new long[][] {{5, 6, 0, 0}});
            long[] positions = bert.model().embeddings().positionIds(ids).toLongArray();
            assertThat(positions).containsExactly(0, 1, 2, 3);
            assertThat(bert.model().spec().maxSequenceLength()).isEqualTo(64);
            assertThatThrownBy(() -> bert.forward(manager.create(tokens(65)).expandDims(0), null, null))
                    .hasMessageContaining("limit of 64 positions");
        }
    }

    private static long[][] positions(NDArray ids) {
        long[] flat = roberta.model().embeddings().positionIds(ids).toLongArray();
        int rows = (int) ids.getShape().get(0);
        int cols = (int) ids.getShape().get(1);
        long[][] out = new long[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
        return out;
    }

    /** {@code n} real (non-pad) token ids. */
    private static long[] tokens(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 3 + i;
        }
        return ids;
    }
}
