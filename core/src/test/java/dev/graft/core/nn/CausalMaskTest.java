package dev.graft.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.model.transformer.TransformerConfig;
import dev.graft.core.model.transformer.TransformerModel;
import dev.graft.core.testing.Fixtures;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Causal and padding masks as the attention sees them: a decoder position never depends on later
 * positions, a key-value-cache offset shifts the causal boundary, and blocked keys get no probability.
 */
class CausalMaskTest {
    private static final int D = 32;
    private static final int HEADS = 4;
    private static final int T = 6;
    private static final int S = 4;

    private NDManager manager;
    private ParameterStore ps;
    private Random random;

    @BeforeEach
    void setUp() {
        GraftEngine.engine().setRandomSeed(1234);
        manager = NDManager.newBaseManager(Device.cpu());
        ps = new ParameterStore(manager, false);
        random = new Random(1234);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private static LayerSpec spec() {
        return new LayerSpec(D, HEADS, 2 * D, Activation.RELU, 1e-5, 0f, 0f, 0f, false);
    }

    private <B extends ai.djl.nn.Block> B init(B block) {
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, D));
        return block;
    }

    /** Seeded standard-normal values, from Java so that they do not depend on the engine's generator. */
    private NDArray randn(long... shape) {
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return manager.create(v, new Shape(shape));
    }

    @Test
    void decoderPositionsDoNotSeeLaterPositions() {
        DecoderStack decoder = init(new DecoderStack(spec(), 2, true));
        NDArray x = randn(2, T, D);
        NDArray memory = randn(2, S, D);
        NDArray causal = Masks.causal(manager, T, T);
        NDArray out = decoder.apply(ps, x, memory, causal, null, false).hidden();
        for (int t : new int[] {0, 2, T - 1}) {
            NDArray changed = x.duplicate();
            changed.set(new NDIndex(":, " + t + ", :"), randn(2, D));
            NDArray outChanged = decoder.apply(ps, changed, memory, causal, null, false).hidden();
            if (t > 0) {
                assertThat(maxDiff(out, outChanged, ":, :" + t + ", :")).as("positions before %d", t)
                        .isLessThanOrEqualTo(1e-6);
                // the same change without the mask does reach earlier positions, so the check above can fail
                NDArray unmasked = decoder.apply(ps, x, memory, null, null, false).hidden();
                NDArray unmaskedChanged = decoder.apply(ps, changed, memory, null, null, false).hidden();
                assertThat(maxDiff(unmasked, unmaskedChanged, ":, :" + t + ", :")).as("unmasked, before %d", t)
                        .isGreaterThan(1e-4);
            }
            assertThat(maxDiff(out, outChanged, ":, " + t + ", :")).as("position %d itself", t).isGreaterThan(1e-3);
        }
    }

    @Test
    void transformerDecodeBuildsItsOwnCausalMask() {
        TransformerConfig config = new TransformerConfig(50, 60, D, HEADS, 2 * D, 1, 2, 0f, 1e-5, true,
                Activation.RELU, false);
        TransformerModel model = init(new TransformerModel(config));
        NDArray source = manager.create(new long[][] {{3, 4, 5, 6}, {7, 8, 9, 0}});
        NDArray sourceMask = manager.create(new long[][] {{1, 1, 1, 1}, {1, 1, 1, 0}});
        NDArray target = manager.create(new long[][] {{1, 11, 12, 13, 14, 15}, {1, 21, 22, 23, 24, 25}});
        NDArray memory = model.encode(ps, source, sourceMask, false).hidden();
        NDArray out = model.decode(ps, target, null, memory, sourceMask, false).hidden();
        for (int t : new int[] {1, 3, T - 1}) {
            NDArray changed = target.duplicate();
            changed.set(new NDIndex(":, " + t), 42);
            NDArray outChanged = model.decode(ps, changed, null, memory, sourceMask, false).hidden();
            assertThat(maxDiff(out, outChanged, ":, :" + t + ", :")).as("positions before %d", t)
                    .isLessThanOrEqualTo(1e-6);
            assertThat(maxDiff(out, outChanged, ":, " + t + ", :")).as("position %d itself", t).isGreaterThan(1e-3);
        }
    }

    @Test
    void causalMaskWithACacheOffsetBlocksExactlyTheLaterKeys() {
        for (int[] ts : new int[][] {{3, 7}, {4, 4}, {1, 5}}) {
            int queries = ts[0];
            int keys = ts[1];
            int offset = keys - queries;
            NDArray mask = Masks.causal(manager, queries, keys);
            assertThat(mask.getShape()).isEqualTo(new Shape(1, 1, queries, keys));
            float[] values = mask.toFloatArray();
            for (int i = 0; i < queries; i++) {
                for (int j = 0; j < keys; j++) {
                    float expected = j > offset + i ? Masks.BLOCKED : 0f;
                    assertThat(values[i * keys + j]).as("T=%d S=%d query %d key %d", queries, keys, i, j)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void queriesAfterACacheMatchTheLastRowsOfFullCausalAttention() {
        MultiHeadAttention attention = init(new MultiHeadAttention(D, HEADS, 0f, true));
        int keys = 7;
        int queries = 3;
        NDArray x = randn(2, keys, D);
        AttentionOutput full = attention.attend(ps, x, x, Masks.causal(manager, keys, keys), false);
        NDArray last = x.get(new NDIndex(":, " + (keys - queries) + ":, :"));
        AttentionOutput cached = attention.attend(ps, last, x, Masks.causal(manager, queries, keys), false);
        String lastRows = ":, " + (keys - queries) + ":, :";
        assertThat(Fixtures.maxAbsDiff(cached.context(), full.context().get(new NDIndex(lastRows))))
                .isLessThanOrEqualTo(1e-6);
        assertThat(Fixtures.maxAbsDiff(cached.weights(),
                full.weights().get(new NDIndex(":, :, " + (keys - queries) + ":, :")))).isLessThanOrEqualTo(1e-6);
    }

    /** The same, through the cache path: the first keys and values come from an earlier call. */
    @Test
    void selfAttentionExtendingACacheMatchesTheFullPass() {
        MultiHeadAttention attention = init(new MultiHeadAttention(D, HEADS, 0f, true));
        int keys = 7;
        int past = 4;
        NDArray x = randn(2, keys, D);
        AttentionOutput full = attention.selfAttend(ps, x, Masks.causal(manager, keys, keys), null, false);
        AttentionOutput first = attention.selfAttend(ps, x.get(new NDIndex(":, :" + past + ", :")),
                Masks.causal(manager, past, past), null, false);
        assertThat(first.keyValue().length()).isEqualTo(past);
        AttentionOutput next = attention.selfAttend(ps, x.get(new NDIndex(":, " + past + ":, :")),
                Masks.causal(manager, keys - past, keys), first.keyValue(), false);
        assertThat(next.keyValue().length()).isEqualTo(keys);
        assertThat(Fixtures.maxAbsDiff(next.context(), full.context().get(new NDIndex(":, " + past + ":, :"))))
                .isLessThanOrEqualTo(1e-6);
    }

    /** Token-by-token decoding with the stack's caches reproduces the full causal pass. */
    @Test
    void decoderStackStepByStepMatchesTheFullPass() {
        DecoderStack decoder = init(new DecoderStack(spec(), 2, true));
        NDArray x = randn(2, T, D);
        NDArray memory = randn(2, S, D);
        NDArray memoryMask = Masks.padding(manager.create(new long[][] {{1, 1, 1, 1}, {1, 1, 0, 0}}));
        NDArray full = decoder.apply(ps, x, memory, Masks.causal(manager, T, T), memoryMask, false).hidden();
        List<LayerCache> cache = null;
        for (int t = 0; t < T; t++) {
            NDArray step = x.get(new NDIndex(":, " + t + ":" + (t + 1) + ", :"));
            StackOutput out = decoder.apply(ps, step, memory, Masks.causal(manager, 1, t + 1), memoryMask, cache, false);
            cache = out.cache();
            assertThat(Fixtures.maxAbsDiff(out.hidden(), full.get(new NDIndex(":, " + t + ":" + (t + 1) + ", :"))))
                    .as("step %d", t).isLessThanOrEqualTo(1e-5);
        }
        assertThat(cache).hasSize(2).allMatch(c -> c.self().length() == T && c.cross().length() == S);
    }

    @Test
    void paddedKeysGetNoProbabilityAndRowsSumToOne() {
        MultiHeadAttention attention = init(new MultiHeadAttention(D, HEADS, 0f, true));
        long[][] keep = {{1, 1, 1, 1, 0, 0}, {1, 1, 0, 0, 0, 0}};
        NDArray x = randn(2, T, D);
        NDArray weights = attention.attend(ps, x, x, Masks.padding(manager.create(keep)), false).weights();
        assertThat(weights.getShape()).isEqualTo(new Shape(2, HEADS, T, T));
        assertBlockedKeysEmpty(weights, (b, i, j) -> keep[b][j] == 0);
        assertRowsSumToOne(weights);
    }

    @Test
    void causalPlusPaddingBlocksBothAndFullyBlockedRowsStayFinite() {
        MultiHeadAttention attention = init(new MultiHeadAttention(D, HEADS, 0f, true));
        // the second row is left-padded: its first query may see no key at all
        long[][] keep = {{1, 1, 1, 1, 1, 0}, {0, 0, 1, 1, 1, 1}};
        NDArray mask = Masks.causal(manager, T, T).add(Masks.padding(manager.create(keep)));
        NDArray x = randn(2, T, D);
        NDArray weights = attention.attend(ps, x, x, mask, false).weights();
        assertThat(weights.isNaN().any().getBoolean()).as("NaN in attention weights").isFalse();
        // a query with no visible key spreads its probability evenly (Masks' documented choice): skip it
        assertBlockedKeysEmpty(weights, (b, i, j) -> hasVisibleKey(keep[b], i) && (j > i || keep[b][j] == 0));
        assertRowsSumToOne(weights);
    }

    private static boolean hasVisibleKey(long[] keep, int query) {
        for (int j = 0; j <= query; j++) {
            if (keep[j] == 1) {
                return true;
            }
        }
        return false;
    }

    private interface Blocked {
        boolean test(int batch, int query, int key);
    }

    private static void assertBlockedKeysEmpty(NDArray weights, Blocked blocked) {
        float[] w = weights.toFloatArray(); // (B, heads, T, S)
        long[] s = weights.getShape().getShape();
        int checked = 0;
        for (int b = 0; b < s[0]; b++) {
            for (int h = 0; h < s[1]; h++) {
                for (int i = 0; i < s[2]; i++) {
                    for (int j = 0; j < s[3]; j++) {
                        if (blocked.test(b, i, j)) {
                            float p = w[(int) (((b * s[1] + h) * s[2] + i) * s[3] + j)];
                            assertThat(p).as("batch %d head %d query %d key %d", b, h, i, j).isLessThan(1e-6f);
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).as("blocked entries checked").isPositive();
    }

    private static void assertRowsSumToOne(NDArray weights) {
        NDArray sums = weights.sum(new int[] {-1});
        NDArray ones = sums.onesLike();
        assertThat(Fixtures.maxAbsDiff(sums, ones)).as("row sums of attention weights").isLessThanOrEqualTo(1e-6);
    }

    private static double maxDiff(NDArray a, NDArray b, String index) {
        return Fixtures.maxAbsDiff(a.get(new NDIndex(index)), b.get(new NDIndex(index)));
    }
}
