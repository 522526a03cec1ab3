package dev.graft.core.peft;

import static dev.graft.core.peft.PeftTesting.maxDiff;
import static dev.graft.core.peft.PeftTesting.randomise;
import static dev.graft.core.peft.PeftTesting.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.nn.Linear;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The LoRA identities (Hu et al. 2021) on BERT's separate projections and GPT-2's fused c_attn. */
class LoraTest {

    private static List<LoraLinear> loras(ai.djl.nn.Block model) {
        return Peft.wrappers(model).stream().filter(w -> w instanceof LoraLinear).map(w -> (LoraLinear) w).toList();
    }

    private static void randomiseB(ai.djl.nn.Block model, String adapter, long seed) {
        randomiseB(model, adapter, seed, 0.5f);
    }

    /** B drawn in [-scale, scale]: a trained-looking adapter. */
    private static void randomiseB(ai.djl.nn.Block model, String adapter, long seed, float scale) {
        int i = 0;
        for (LoraLinear l : loras(model)) {
            if (l.adapterNames().contains(adapter)) {
                randomise(l.loraB(adapter), seed + i++, scale);
            }
        }
    }

    @Test
    void freshAdapterLeavesBertUnchangedAndMergeRoundTrips() {
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            NDArray base = run(bert, in).logits().duplicate();
            NDArray queryWeight = ((Linear) bert.model().encoder().layers().get(0).attention().projections().get("query"))
                    .weight().getArray().duplicate();

            Peft.apply(bert.model(), LoraConfig.of(4, 8f, Target.QUERY, Target.VALUE), "default");
            assertThat(loras(bert.model())).hasSize(2 * 2);
            assertThat(maxDiff(run(bert, in).logits(), base)).as("fresh LoRA (B = 0) vs base").isEqualTo(0.0);

            randomiseB(bert.model(), "default", 1);
            NDArray unmerged = run(bert, in).logits().duplicate();
            assertThat(maxDiff(unmerged, base)).as("a trained adapter changes the logits").isGreaterThan(1e-3);

            Peft.merge(bert.model());
            LoraLinear first = loras(bert.model()).get(0);
            assertThat(first.mergedAdapter()).isEqualTo("default");
            assertThat(maxDiff(first.baseLinear().weight().getArray(), queryWeight)).as("merge changed W").isGreaterThan(1e-4);
            assertThat(maxDiff(run(bert, in).logits(), unmerged)).as("merged vs unmerged").isLessThanOrEqualTo(1e-5);

            Peft.unmerge(bert.model());
            assertThat(maxDiff(first.baseLinear().weight().getArray(), queryWeight)).as("W after unmerge").isLessThanOrEqualTo(1e-6);
            assertThat(maxDiff(run(bert, in).logits(), unmerged)).isLessThanOrEqualTo(1e-6);
        }
    }

    @Test
    void twoNamedAdaptersSwitchAndInactiveOnesContributeNothing() {
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            NDArray base = run(bert, in).logits().duplicate();
            Peft.apply(bert.model(), LoraConfig.of(4, 8f, Target.QUERY, Target.VALUE), "a");
            randomiseB(bert.model(), "a", 10);
            NDArray onlyA = run(bert, in).logits().duplicate();

            Peft.apply(bert.model(), LoraConfig.of(2, 4f, Target.KEY), "b");
            assertThat(loras(bert.model())).as("b adds key layers; query/value get a second adapter only if targeted").hasSize(6);
            randomiseB(bert.model(), "b", 20);
            NDArray onlyB = run(bert, in).logits().duplicate();
            assertThat(maxDiff(onlyB, onlyA)).isGreaterThan(1e-3);
            assertThat(maxDiff(onlyB, base)).isGreaterThan(1e-3);

            Peft.setActiveAdapter(bert.model(), "a");
            assertThat(maxDiff(run(bert, in).logits(), onlyA)).as("back to a: b contributes nothing").isEqualTo(0.0);
            Peft.setActiveAdapter(bert.model(), null);
            assertThat(maxDiff(run(bert, in).logits(), base)).as("no adapter active").isEqualTo(0.0);

            Peft.setActiveAdapter(bert.model(), "a");
            Peft.merge(bert.model());
            assertThatThrownBy(() -> loras(bert.model()).get(0).setActiveAdapter(null))
                    .hasMessageContaining("'a' is merged");
        }
    }

    @Test
    void gpt2FusedCattnTakesLoraByItsHfName() {
        try (PretrainedGpt2 gpt2 = PeftTesting.gpt2(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("gpt2-lm", m);
            NDArray base = gpt2.forward(in[0], in[1]).logits().duplicate();
            Peft.apply(gpt2.model(), new LoraConfig(4, 16f, 0f, List.of("c_attn"), true, false), "x");
            List<LoraLinear> layers = loras(gpt2.model());
            assertThat(layers).hasSize(gpt2.config().nLayer());
            LoraLinear l = layers.get(0);
            assertThat(l.loraA("x").getShape().getShape()).containsExactly(4, gpt2.config().nEmbd());
            assertThat(l.loraB("x").getShape().getShape()).containsExactly(3L * gpt2.config().nEmbd(), 4);
            assertThat(l.scaling("x")).as("rsLoRA: alpha / sqrt(r)").isEqualTo(8f);
            float bound = (float) (1 / Math.sqrt(gpt2.config().nEmbd()));
            assertThat(l.loraA("x").getArray().abs().max().getFloat()).as("Kaiming-uniform bound 1/sqrt(in)")
                    .isLessThanOrEqualTo(bound);
            assertThat(l.loraA("x").getArray().abs().max().getFloat()).as("A is drawn, not zero").isGreaterThan(bound / 2);
            assertThat(maxDiff(gpt2.forward(in[0], in[1]).logits(), base)).isEqualTo(0.0);

            randomiseB(gpt2.model(), "x", 3, 0.05f); // with rsLoRA's scale 8: ‖ΔW‖ about 10× the pretrained weights
            NDArray unmerged = gpt2.forward(in[0], in[1]).logits().duplicate();
            NDArray unmergedHidden = gpt2.forward(in[0], in[1]).hidden().duplicate();
            assertThat(maxDiff(unmerged, base)).isGreaterThan(1e-3);
            Peft.merge(gpt2.model());
            // Hidden states (after ln_f, unit scale); the logits are ~10x larger and carry the same rounding scaled up.
            assertThat(maxDiff(gpt2.forward(in[0], in[1]).hidden(), unmergedHidden)).isLessThanOrEqualTo(1e-5);
            assertThat(maxDiff(gpt2.forward(in[0], in[1]).logits(), unmerged)).isLessThanOrEqualTo(1e-4);
            Peft.unmerge(gpt2.model());

            Peft.apply(gpt2.model(), LoraConfig.of(2, 2f, Target.FUSED_QKV), "y");
            randomiseB(gpt2.model(), "y", 30, 0.05f);
            NDArray withY = gpt2.forward(in[0], in[1]).logits().duplicate();
            assertThat(maxDiff(withY, unmerged)).isGreaterThan(1e-3);
            Peft.setActiveAdapter(gpt2.model(), "x");
            // W went through merge and unmerge: equal up to float rounding.
            assertThat(maxDiff(gpt2.forward(in[0], in[1]).hidden(), unmergedHidden)).isLessThanOrEqualTo(1e-5);
        }
    }
}
