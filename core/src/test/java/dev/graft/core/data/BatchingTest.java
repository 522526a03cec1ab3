package dev.graft.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Dynamic padding, length bucketing, epoch coverage and determinism. */
class BatchingTest {
    private static final NliLabel[] LABELS = {NliLabel.ENTAILMENT, NliLabel.NEUTRAL, NliLabel.CONTRADICTION};

    /** {@code n} examples with premises of skewed length: most short, one in ten long. */
    private static List<NliExample> skewed(int n, long seed) {
        Random rng = new Random(seed);
        List<NliExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int words = rng.nextInt(10) == 0 ? 40 + rng.nextInt(60) : 3 + rng.nextInt(8);
            String premise = IntStream.range(0, words).mapToObj(w -> "w" + rng.nextInt(50)).collect(Collectors.joining(" "));
            out.add(NliExample.of("r" + i, premise, "a short hypothesis", LABELS[i % 3]));
        }
        return out;
    }

    private static int[] lengths(int n, long seed) {
        return new NliBatcher(skewed(n, seed), new WhitespaceTokenizer(), BatchConfig.inOrder(8), LabelView.THREE_WAY).lengths();
    }

    @Test
    void everyEpochHoldsEveryExampleExactlyOnce() {
        int n = 1003;
        int[] lengths = lengths(n, 1);
        for (BatchConfig config : List.of(BatchConfig.training(32, 7), BatchConfig.shuffled(32, 7), BatchConfig.inOrder(32),
                new BatchConfig(32, false, true, 4, 0))) {
            for (int epoch = 0; epoch < 3; epoch++) {
                BatchPlan plan = BatchPlan.of(lengths, config, epoch);
                int[] all = plan.batches().stream().flatMapToInt(Arrays::stream).sorted().toArray();
                assertThat(all).as("%s epoch %d", config, epoch).isEqualTo(IntStream.range(0, n).toArray());
                assertThat(plan.batches()).allSatisfy(b -> assertThat(b.length).isBetween(1, 32));
                assertThat(plan.size()).isEqualTo(32); // ceil(1003 / 32)
            }
        }
    }

    @Test
    void batcherYieldsEveryExampleOnceWithLabels() {
        List<NliExample> data = skewed(101, 2);
        NliBatcher batcher = new NliBatcher(data, new WhitespaceTokenizer(), BatchConfig.training(16, 3), LabelView.THREE_WAY);
        List<String> seen = new ArrayList<>();
        for (NliBatch b : batcher.epoch(0)) {
            for (int i = 0; i < b.size(); i++) {
                NliExample e = b.examples().get(i);
                seen.add(e.id());
                assertThat(b.labels()[i]).isEqualTo(LabelView.THREE_WAY.classOf(e.label()));
            }
        }
        assertThat(seen).hasSize(101).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(data.stream().map(NliExample::id).toList());
    }

    @Test
    void sameSeedAndEpochSameBatchesOtherwiseDifferent() {
        int[] lengths = lengths(500, 3);
        BatchConfig a = BatchConfig.training(16, 42);
        assertThat(BatchPlan.of(lengths, a, 0).batches()).usingRecursiveComparison()
                .isEqualTo(BatchPlan.of(lengths, a, 0).batches());
        assertThat(flat(BatchPlan.of(lengths, a, 0))).isNotEqualTo(flat(BatchPlan.of(lengths, a, 1)));
        assertThat(flat(BatchPlan.of(lengths, a, 0))).isNotEqualTo(flat(BatchPlan.of(lengths, BatchConfig.training(16, 43), 0)));
        assertThat(flat(BatchPlan.of(lengths, BatchConfig.inOrder(16), 5))).isEqualTo(IntStream.range(0, 500).toArray());
    }

    private static int[] flat(BatchPlan plan) {
        return plan.batches().stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void bucketingCutsPaddingOnSkewedLengths() {
        int[] lengths = lengths(4000, 4);
        double shuffled = BatchPlan.of(lengths, BatchConfig.shuffled(32, 5), 0).paddingRatio();
        double bucketed = BatchPlan.of(lengths, BatchConfig.training(32, 5), 0).paddingRatio();
        // With one long row in ten, most random batches of 32 hold one: most of their cells are padding.
        assertThat(shuffled).isGreaterThan(0.6);
        assertThat(bucketed).isLessThan(0.1).isLessThan(shuffled / 5);
    }

    @Test
    void paddingRatioOfAPlanMatchesItsBatches() {
        List<NliExample> data = skewed(200, 6);
        NliBatcher batcher = new NliBatcher(data, new WhitespaceTokenizer(), BatchConfig.shuffled(16, 1), LabelView.THREE_WAY);
        long pads = 0;
        long cells = 0;
        for (NliBatch b : batcher.epoch(0)) {
            pads += b.padCount();
            cells += (long) b.size() * b.seqLen();
        }
        assertThat(batcher.plan(0).paddingRatio()).isCloseTo((double) pads / cells, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(batcher.plan(0).cells()).isEqualTo(cells);
    }

    @Test
    void dynamicPaddingUsesTheTokenizersPadIdMasksAndTypeIds() {
        List<NliExample> rows = List.of(
                NliExample.of("a", "one two three", "four", NliLabel.CONTRADICTION),
                NliExample.of("b", "one", "two", NliLabel.ENTAILMENT));
        NliBatcher batcher = new NliBatcher(rows, new WhitespaceTokenizer(), BatchConfig.inOrder(2), LabelView.THREE_WAY);
        NliBatch b = batcher.epoch(0).iterator().next();
        // [CLS] one two three [SEP] four [SEP] is 7 tokens; [CLS] one [SEP] two [SEP] is 5, padded by 2.
        assertThat(b.seqLen()).isEqualTo(7);
        assertThat(b.ids()[1][5]).isEqualTo(WhitespaceTokenizer.PAD);
        assertThat(b.ids()[1][6]).isEqualTo(WhitespaceTokenizer.PAD);
        assertThat(b.mask()).isEqualTo(new long[][] {{1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 0, 0}});
        assertThat(b.typeIds()).isEqualTo(new long[][] {{0, 0, 0, 0, 0, 1, 1}, {0, 0, 0, 1, 1, 0, 0}});
        assertThat(b.labels()).containsExactly(2, 0);
        assertThat(b.padCount()).isEqualTo(2);
        assertThat(b.paddingRatio()).isEqualTo(2.0 / 14);
    }

    @Test
    void twoWayViewAndUnlabelledRows() {
        List<NliExample> rows = List.of(
                NliExample.of("a", "x", "y", NliLabel.CONTRADICTION),
                NliExample.of("b", "x", "y", NliLabel.NOT_ENTAILMENT),
                new NliExample("c", "x", "y", null, null, null, "test.tsv:4"));
        NliBatch b = new NliBatcher(rows, new WhitespaceTokenizer(), BatchConfig.inOrder(3), LabelView.TWO_WAY)
                .epoch(0).iterator().next();
        assertThat(b.labels()).containsExactly(1, 1, NliBatch.NO_LABEL);
        assertThatThrownBy(() -> new NliBatcher(rows, new WhitespaceTokenizer(), BatchConfig.inOrder(3), LabelView.THREE_WAY))
                .hasMessage("b: label not_entailment has no class in the 3-way view; batch 2-way data with the 2-way view");
    }

    @Test
    void badConfigs() {
        assertThatThrownBy(() -> BatchConfig.training(0, 1)).hasMessage("batch size must be at least 1, found 0");
        assertThatThrownBy(() -> new BatchConfig(8, true, true, 0, 1)).hasMessage("batches per bucket must be at least 1, found 0");
    }

    @Test
    void ndArraysAreBTInt64InEncoderOrder() {
        List<NliExample> rows = List.of(NliExample.of("a", "one two", "three", NliLabel.NEUTRAL),
                NliExample.of("b", "one", "two", NliLabel.ENTAILMENT));
        NliBatch b = new NliBatcher(rows, new WhitespaceTokenizer(), BatchConfig.inOrder(2), LabelView.THREE_WAY)
                .epoch(0).iterator().next();
        try (NDManager m = NDManager.newBaseManager()) {
            NDList list = b.toNDList(m);
            assertThat(list).extracting(NDArray::getName).containsExactly("input_ids", "attention_mask", "token_type_ids");
            for (NDArray a : list) {
                assertThat(a.getShape()).isEqualTo(new Shape(2, 6));
                assertThat(a.getDataType()).isEqualTo(DataType.INT64);
            }
            assertThat(list.get(0).toLongArray()).isEqualTo(Arrays.stream(b.ids()).flatMapToLong(Arrays::stream).toArray());
            assertThat(list.get(1).toLongArray()).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0);
            NDArray labels = b.labelArray(m);
            assertThat(labels.getShape()).isEqualTo(new Shape(2));
            assertThat(labels.toLongArray()).containsExactly(1, 0);
        }
    }
}
