package dev.graft.core.peft;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.nn.ParameterPaths;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Freezing leaves exactly the adapter (+ head) trainable, and a gradient step moves nothing else. */
class FreezingTest {
    // bert-seqcls: H = 64, FFN 128, 2 layers, 3 labels.
    private static final long H = 64;
    private static final long L = 2;
    private static final long HEAD = H * 3 + 3;

    private static Set<String> trainable(ai.djl.nn.Block model) {
        return ParameterPaths.of(model).entrySet().stream().filter(e -> e.getValue().requiresGradient())
                .map(Map.Entry::getKey).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Test
    void loraWithHeadTrainsExactlyAdaptersAndClassifier() {
        try (PretrainedEncoder bert = PeftTesting.bert()) {
            long total = TrainableParameters.of(bert.model()).total();
            TrainableParameters t = Peft.apply(bert.model(), LoraConfig.of(4, 8f, Target.QUERY, Target.VALUE).withTrainHead(true), "default");
            long lora = L * 2 * (4 * H + H * 4);
            assertThat(t.trainable()).isEqualTo(lora + HEAD);
            assertThat(t.total()).isEqualTo(total + lora);
            assertThat(t.percent()).isCloseTo(100.0 * (lora + HEAD) / (total + lora), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(trainable(bert.model())).allSatisfy(p -> assertThat(p.contains(".lora_A.default.")
                    || p.contains(".lora_B.default.") || p.startsWith("classifier.")).as(p).isTrue())
                    .contains("encoder.layers.1.attention.value.lora_B.default.weight", "classifier.out.weight");
            assertThat(t.toString()).startsWith("trainable params: " + String.format(java.util.Locale.ROOT, "%,d", lora + HEAD));
        }
    }

    @Test
    void eachMethodReportsItsCount() {
        long inter = 128;
        Map<PeftConfig, Long> expected = new java.util.LinkedHashMap<>();
        expected.put(Ia3Config.standard(), L * (H + H + inter));
        expected.put(new BottleneckConfig(BottleneckConfig.Placement.HOULSBY, 16, false), L * 2 * (H * 4 + 4 + 4 * H + H));
        expected.put(new BottleneckConfig(BottleneckConfig.Placement.PFEIFFER, 16, false), L * (H * 4 + 4 + 4 * H + H));
        expected.put(PrefixConfig.of(5), 5 * L * 2 * H);
        expected.put(new PrefixConfig(5, true, 32, false), 5 * H + (H * 32 + 32) + (32 * L * 2 * H + L * 2 * H));
        expected.put(PromptConfig.random(7), 7 * H);
        for (Map.Entry<PeftConfig, Long> e : expected.entrySet()) {
            try (PretrainedEncoder bert = PeftTesting.bert()) {
                TrainableParameters t = Peft.apply(bert.model(), e.getKey(), "default");
                assertThat(t.trainable()).as(e.getKey().toString()).isEqualTo(e.getValue());
            }
        }
        try (PretrainedEncoder bert = PeftTesting.bert()) {
            long biases = ParameterPaths.of(bert.model()).entrySet().stream()
                    .filter(e -> e.getKey().endsWith(".bias") && !e.getKey().startsWith("classifier."))
                    .mapToLong(e -> e.getValue().getShape().size()).sum();
            assertThat(biases).isGreaterThan(0);
            assertThat(Peft.apply(bert.model(), new BitFitConfig(false), "bitfit").trainable()).isEqualTo(biases);
        }
    }

    @Test
    void aGradientStepChangesOnlyTrainableParameters() {
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Peft.apply(bert.model(), LoraConfig.of(4, 8f, Target.QUERY, Target.VALUE).withTrainHead(true), "default");
            Map<String, float[]> before = new HashMap<>();
            ParameterPaths.of(bert.model()).forEach((k, p) -> before.put(k, p.getArray().toFloatArray()));
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            try (NDManager step = bert.manager().newSubManager()) {
                ParameterStore ps = new ParameterStore(step, false);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = bert.model().apply(ps, in[0], in[1], in[2], true).logits();
                    gc.backward(logits.square().sum()); // a tiny loss
                }
                for (Parameter p : ParameterPaths.of(bert.model()).values()) {
                    NDArray w = p.getArray();
                    if (w.hasGradient()) {
                        try (NDArray g = w.getGradient(); NDArray updated = w.sub(g.mul(0.1f))) {
                            w.set(updated.toByteBuffer());
                        }
                    }
                }
            }
            Set<String> changed = new LinkedHashSet<>();
            ParameterPaths.of(bert.model()).forEach((k, p) -> {
                if (!java.util.Arrays.equals(before.get(k), p.getArray().toFloatArray())) {
                    changed.add(k);
                }
            });
            assertThat(changed).isNotEmpty().isSubsetOf(trainable(bert.model()));
            // With B = 0 the first step moves B and the head; A's gradient is Bᵀ·… = 0.
            assertThat(changed).contains("encoder.layers.0.attention.query.lora_B.default.weight", "classifier.out.weight")
                    .doesNotContain("encoder.layers.0.attention.query.base_layer.weight");
        }
    }
}
