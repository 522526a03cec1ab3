package dev.graft.core.peft;

import static dev.graft.core.peft.PeftTesting.maxDiff;
import static dev.graft.core.peft.PeftTesting.randomise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.nn.ParameterPaths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-row adapters in one batch (S-LoRA style) give each row what its adapter gives it alone. */
class LoraRoutingTest {

    static void randomiseB(ai.djl.nn.Block model, String adapter, long seed) {
        int i = 0;
        for (AdapterWrapper w : Peft.wrappers(model)) {
            if (w instanceof LoraLinear l && l.adapterNames().contains(adapter)) {
                randomise(l.loraB(adapter), seed + i++, 0.5f);
            }
        }
    }

    private static NDArray row(NDArray a, int i) {
        return a == null ? null : a.get(new NDIndex(i + ":" + (i + 1)));
    }

    @Test
    void bertRowsWithDifferentAdaptersMatchEachAdapterAlone() {
        bertRowsMatchAlone();
    }

    @Test
    void theGatheredPathForManyAdaptersGivesTheSame() {
        int limit = LoraLinear.denseLimit;
        LoraLinear.denseLimit = 0;
        try {
            bertRowsMatchAlone();
        } finally {
            LoraLinear.denseLimit = limit;
        }
    }

    private static void bertRowsMatchAlone() {
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m); // 3 rows
            Peft.apply(bert.model(), LoraConfig.of(4, 8f, Target.QUERY, Target.VALUE), "a");
            Peft.apply(bert.model(), LoraConfig.of(8, 16f, Target.QUERY, Target.KEY, Target.FFN_IN), "b");
            randomiseB(bert.model(), "a", 1);
            randomiseB(bert.model(), "b", 100);
            List<String> rows = Arrays.asList("b", null, "a");
            float[][] alone = new float[3][];
            for (int i = 0; i < 3; i++) {
                Peft.setActiveAdapter(bert.model(), rows.get(i));
                alone[i] = bert.forward(row(in[0], i), row(in[1], i), row(in[2], i)).logits().toFloatArray();
            }
            Peft.setActiveAdapter(bert.model(), null);
            NDArray mixed = LoraRouting.route(rows, () -> bert.forward(in[0], in[1], in[2]).logits()); // (3, labels)
            for (int i = 0; i < 3; i++) {
                assertThat(maxDiff(row(mixed, i).squeeze(0), m.create(alone[i]))).as("row %d (%s)", i, rows.get(i))
                        .isLessThanOrEqualTo(1e-5);
            }
            assertThat(maxDiff(m.create(alone[0]), m.create(alone[2]))).as("the two adapters differ").isGreaterThan(1e-3);
            // The active adapter does not leak into routed rows, and null rows are the base model.
            Peft.setActiveAdapter(bert.model(), "a");
            NDArray again = LoraRouting.route(rows, () -> bert.forward(in[0], in[1], in[2]).logits());
            assertThat(maxDiff(again, mixed)).isEqualTo(0.0);
        }
    }

    @Test
    void gpt2MixedRowsOnFusedCattnAndRemovingAnAdapter() {
        try (PretrainedGpt2 gpt2 = PeftTesting.gpt2(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray ids = m.create(new long[] {5, 17, 300, 41, 9, 8, 7, 6, 20, 21, 22, 23}, new ai.djl.ndarray.types.Shape(3, 4));
            Peft.apply(gpt2.model(), LoraConfig.of(4, 8f, Target.FUSED_QKV), "x");
            Peft.apply(gpt2.model(), LoraConfig.of(2, 4f, Target.FUSED_QKV), "y");
            randomiseB(gpt2.model(), "x", 7);
            randomiseB(gpt2.model(), "y", 70);
            List<String> rows = Arrays.asList("x", "y", null);
            NDArray mixed = LoraRouting.route(rows, () -> gpt2.forward(ids, null).logits()); // (3, 4, V)
            for (int i = 0; i < 3; i++) {
                Peft.setActiveAdapter(gpt2.model(), rows.get(i));
                NDArray alone = gpt2.forward(row(ids, i), null).logits();
                assertThat(maxDiff(row(mixed, i), alone)).as("row %d", i).isLessThanOrEqualTo(1e-5);
            }
            Peft.setActiveAdapter(gpt2.model(), null);
            NDArray base0 = gpt2.forward(row(ids, 0), null).logits();
            NDArray yAlone = LoraRouting.route(List.of("y"), () -> gpt2.forward(row(ids, 1), null).logits());

            Peft.removeAdapter(gpt2.model(), "x");
            assertThat(ParameterPaths.of(gpt2.model()).keySet()).noneMatch(p -> p.contains(".x.")).anyMatch(p -> p.contains("lora_A.y."));
            NDArray after = LoraRouting.route(Arrays.asList("x", "y", null), () -> gpt2.forward(ids, null).logits());
            assertThat(maxDiff(row(after, 1), yAlone)).as("y after x was removed").isLessThanOrEqualTo(1e-5);
            assertThat(maxDiff(row(after, 0), base0)).as("a removed adapter's rows run the base").isLessThanOrEqualTo(1e-5);
            assertThatThrownBy(() -> Peft.removeAdapter(gpt2.model(), "x")).hasMessageContaining("no LoRA adapter 'x'");
            assertThatThrownBy(() -> LoraRouting.route(List.of("y"), () -> gpt2.forward(ids, null)))
                    .hasMessageContaining("adapters for 1 rows but the projection input is (3, 4, 64)");
        }
    }
}
