package dev.graft.core.peft;

import static dev.graft.core.peft.PeftTesting.maxDiff;
import static dev.graft.core.peft.PeftTesting.randomise;
import static dev.graft.core.peft.PeftTesting.run;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.graft.core.model.decoding.CausalLmOutput;
import dev.graft.core.model.encoder.EncoderOutput;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.nn.InputExtension;
import dev.graft.core.nn.LayerCache;
import dev.graft.core.nn.ParameterPaths;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Fresh-adapter identities of IA3, BitFit and bottleneck adapters; masks and positions of prefix and prompt tuning. */
class MethodsTest {
    private static final int[] LENGTHS = {7, 12, 3};

    static Stream<PeftConfig> identityAtInit() {
        return Stream.of(Ia3Config.standard(), new BitFitConfig(false),
                new BottleneckConfig(BottleneckConfig.Placement.HOULSBY, 4, false),
                new BottleneckConfig(BottleneckConfig.Placement.PFEIFFER, 1, false));
    }

    @ParameterizedTest
    @MethodSource("identityAtInit")
    void freshAdapterIsTheIdentity(PeftConfig config) {
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            NDArray base = run(bert, in).lastHiddenState().duplicate();
            Peft.apply(bert.model(), config, "default");
            assertThat(maxDiff(run(bert, in).lastHiddenState(), base)).isEqualTo(0.0);
            // …and is not the identity once trained: the check can fail.
            long seed = 5;
            for (var p : ParameterPaths.of(bert.model()).values()) {
                if (p.requiresGradient()) {
                    randomise(p, seed++, 0.5f);
                }
            }
            assertThat(maxDiff(run(bert, in).lastHiddenState(), base)).isGreaterThan(1e-3);
        }
    }

    @Test
    void ia3ScalesKeysValuesAndFfnInput() {
        try (PretrainedEncoder bert = PeftTesting.bert()) {
            Peft.apply(bert.model(), Ia3Config.standard(), "default");
            List<AdapterWrapper> w = Peft.wrappers(bert.model());
            assertThat(w).hasSize(2 * 3).allMatch(x -> x instanceof Ia3Linear);
            Ia3Linear ffn = (Ia3Linear) w.stream().filter(x -> ((Ia3Linear) x).isFeedForward()).findFirst().orElseThrow();
            assertThat(ffn.vector("default").getShape().getShape()).containsExactly(1, 128);
            Ia3Linear key = (Ia3Linear) w.get(0);
            assertThat(key.vector("default").getShape().getShape()).containsExactly(64, 1);
            assertThat(key.vector("default").getArray().toFloatArray()).containsOnly(1f);
        }
    }

    /** Rows alone, unpadded, give the same logits as in the padded batch. */
    private static void assertPaddingInvariant(PretrainedEncoder bert, NDArray[] in, NDManager m) {
        float[] batch = run(bert, in).logits().toFloatArray();
        for (int row = 0; row < LENGTHS.length; row++) {
            String cut = row + ":" + (row + 1) + ", :" + LENGTHS[row];
            NDArray ids = in[0].get(new NDIndex(cut));
            NDArray mask = in[1].get(new NDIndex(cut));
            NDArray types = in[2].get(new NDIndex(cut));
            float[] alone = bert.forward(ids, mask, types).logits().toFloatArray();
            for (int j = 0; j < alone.length; j++) {
                assertThat(alone[j]).as("row %d logit %d", row, j)
                        .isCloseTo(batch[row * alone.length + j], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void prefixWidensTheMaskAndKeepsPaddingInvariance() {
        int p = 4;
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            NDArray base = run(bert, in).logits().duplicate();
            Peft.apply(bert.model(), new PrefixConfig(p, true, 16, false), "default");
            EncoderOutput out = run(bert, in);
            assertThat(maxDiff(out.logits(), base)).as("a prefix changes the output by design").isGreaterThan(1e-4);
            NDArray probs = out.attentions().get(0); // (B, nh, T, P + T)
            assertThat(probs.getShape().getShape()).containsExactly(3, 4, 12, p + 12);
            NDArray onPrefix = probs.get(new NDIndex(":, :, :, :" + p)).sum(new int[] {3});
            assertThat(onPrefix.min().getFloat()).as("every query sees the prefix").isGreaterThan(1e-4f);
            // Row 2 has 3 real tokens: its padded keys (P + 3 onwards) get no attention.
            NDArray onPadding = probs.get(new NDIndex("2, :, :, " + (p + 3) + ":"));
            assertThat(onPadding.max().getFloat()).isLessThan(1e-6f);
            assertPaddingInvariant(bert, in, m);
        }
    }

    @Test
    void gpt2PrefixDecodesTheSameWithTheCache() {
        try (PretrainedGpt2 gpt2 = PeftTesting.gpt2(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Peft.apply(gpt2.model(), PrefixConfig.of(3), "default");
            NDArray ids = PeftTesting.inputs("gpt2-lm", m)[0].get(new NDIndex("1:2, :8")); // a full row
            NDArray full = gpt2.forward(ids, null).logits();
            ParameterStore ps = new ParameterStore(gpt2.manager(), false);
            CausalLmOutput first = gpt2.model().apply(ps, ids.get(new NDIndex(":, :5")), null, null, null, false);
            List<LayerCache> cache = first.cache();
            for (int t = 5; t < 8; t++) {
                CausalLmOutput step = gpt2.model().apply(ps, ids.get(new NDIndex(":, " + t + ":" + (t + 1))), null, null, cache, false);
                assertThat(maxDiff(step.logits().get(new NDIndex(":, 0")), full.get(new NDIndex(":, " + t))))
                        .as("step %d", t).isLessThanOrEqualTo(1e-4);
                cache = step.cache();
            }
        }
    }

    @Test
    void encoderPromptKeepsClsFirstAndPaddingInvariance() {
        int p = 5;
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            Peft.apply(bert.model(), new PromptConfig(p, PromptConfig.Init.TEXT, new long[] {11, 12}, 0, false), "default");
            InputExtension.Inputs ext = bert.model().inputExtension().extend(in[0], in[1], in[2]);
            long[] ids = ext.ids().get(new NDIndex("0")).toLongArray();
            long[] original = in[0].get(new NDIndex("0")).toLongArray();
            assertThat(ids).hasSize(12 + p);
            assertThat(ids[0]).as("[CLS] stays first").isEqualTo(original[0]);
            assertThat(java.util.Arrays.copyOfRange(ids, 1, 1 + p)).containsExactly(1000, 1001, 1002, 1003, 1004);
            assertThat(java.util.Arrays.copyOfRange(ids, 1 + p, 12 + p)).containsExactly(java.util.Arrays.copyOfRange(original, 1, 12));
            assertThat(ext.attentionMask().get(new NDIndex("2")).toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray())
                    .as("row of 3 tokens: CLS, 5 soft, 2 real, padding").startsWith(1, 1, 1, 1, 1, 1, 1, 1, 0);
            // TEXT init: soft rows are the text's embeddings, repeated to P.
            NDArray word = bert.model().embeddings().word().weight().getArray();
            NDArray soft = ParameterPaths.of(bert.model()).get("prompt_encoder.default.embedding.weight").getArray();
            assertThat(soft.get(new NDIndex("2")).toFloatArray()).isEqualTo(word.get(new NDIndex("11")).toFloatArray());
            assertThat(soft.get(new NDIndex("3")).toFloatArray()).isEqualTo(word.get(new NDIndex("12")).toFloatArray());
            EncoderOutput out = run(bert, in);
            assertThat(out.lastHiddenState().getShape().get(1)).isEqualTo(12 + p);
            assertPaddingInvariant(bert, in, m);
        }
    }

    @Test
    void gpt2PromptComesFirstAndWidensTheLogits() {
        try (PretrainedGpt2 gpt2 = PeftTesting.gpt2(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("gpt2-lm", m);
            NDArray base = gpt2.forward(in[0], in[1]).logits().duplicate();
            Peft.apply(gpt2.model(), PromptConfig.random(3), "default");
            NDArray logits = gpt2.forward(in[0], in[1]).logits();
            assertThat(logits.getShape().getShape()).containsExactly(3, 3 + 12, 1000);
            assertThat(maxDiff(logits.get(new NDIndex(":, 3:")), base)).as("soft tokens condition the output").isGreaterThan(1e-4);
            float max = ParameterPaths.of(gpt2.model()).get("prompt_encoder.default.embedding.weight").getArray().abs().max().getFloat();
            assertThat(max).as("random init U(-0.5, 0.5)").isLessThanOrEqualTo(0.5f).isGreaterThan(0.1f);
        }
    }

    @Test
    void gpt2PromptDecodesTheSameWithTheCacheAndAMask() {
        try (PretrainedGpt2 gpt2 = PeftTesting.gpt2(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            int p = 2;
            Peft.apply(gpt2.model(), PromptConfig.random(p), "default");
            NDArray ids = PeftTesting.inputs("gpt2-lm", m)[0].get(new NDIndex("1:2, :8")); // a full row
            NDArray full = gpt2.forward(ids, m.ones(new ai.djl.ndarray.types.Shape(1, 8))).logits(); // (1, P + 8, V)
            ParameterStore ps = new ParameterStore(gpt2.manager(), false);
            CausalLmOutput first = gpt2.model().apply(ps, ids.get(new NDIndex(":, :5")), m.ones(new ai.djl.ndarray.types.Shape(1, 5)),
                    null, null, false);
            List<LayerCache> cache = first.cache();
            for (int t = 5; t < 8; t++) {
                // The caller's mask covers its own tokens; the model widens it over the soft tokens.
                CausalLmOutput step = gpt2.model().apply(ps, ids.get(new NDIndex(":, " + t + ":" + (t + 1))),
                        m.ones(new ai.djl.ndarray.types.Shape(1, t + 1)), null, cache, false);
                assertThat(maxDiff(step.logits().get(new NDIndex(":, 0")), full.get(new NDIndex(":, " + (p + t)))))
                        .as("step %d", t).isLessThanOrEqualTo(1e-4);
                cache = step.cache();
            }
        }
    }

    static Stream<PeftConfig> everyMethod() {
        return Stream.of(LoraConfig.of(2, 4f, Target.QUERY, Target.FFN_IN), Ia3Config.standard(), new BitFitConfig(false),
                new BottleneckConfig(BottleneckConfig.Placement.HOULSBY, 4, false), new PrefixConfig(3, true, 8, false),
                PromptConfig.random(3));
    }

    /** Blocks keep the activation as first operand of every op, so a forward leaves nothing in the model's manager. */
    @ParameterizedTest
    @MethodSource("everyMethod")
    void forwardLeavesNothingInTheModelsManager(PeftConfig config) {
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Peft.apply(bert.model(), config, "default");
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            run(bert, in);
            int before = bert.manager().getManagedArrays().size();
            run(bert, in);
            run(bert, in);
            assertThat(bert.manager().getManagedArrays()).hasSize(before);
        }
    }
}
