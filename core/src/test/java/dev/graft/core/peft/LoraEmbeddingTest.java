package dev.graft.core.peft;

import static dev.graft.core.peft.PeftTesting.maxDiff;
import static dev.graft.core.peft.PeftTesting.randomise;
import static dev.graft.core.peft.PeftTesting.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.nn.Embedding;
import dev.graft.core.nn.ParameterPaths;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoRA on the word embedding: PEFT's init and maths, merging, routing, freezing and PEFT's file keys. */
class LoraEmbeddingTest {
    @TempDir
    Path tmp;

    private static LoraEmbedding lora(PretrainedEncoder bert) {
        return (LoraEmbedding) bert.model().embeddings().word().update();
    }

    @Test
    void freshAdapterLeavesOutputsAloneAndATrainedOneAddsScaledATransposedRowsTimesBTransposed() {
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            NDArray base = run(bert, in).logits().duplicate();
            Embedding word = bert.model().embeddings().word();
            Peft.apply(bert.model(), new LoraConfig(3, 6f, 0f, List.of("word_embeddings"), false, false), "a");
            LoraEmbedding l = lora(bert);
            assertThat(l.loraA("a").getShape().getShape()).as("PEFT's (r, vocab)").containsExactly(3, word.numEmbeddings());
            assertThat(l.loraB("a").getShape().getShape()).as("PEFT's (dim, r)").containsExactly(word.dim(), 3);
            assertThat(l.loraA("a").getArray().abs().max().getFloat()).as("A starts at zero").isEqualTo(0f);
            float bStd = (float) Math.sqrt(l.loraB("a").getArray().square().mean().getFloat());
            assertThat(bStd).as("B drawn from N(0, 1)").isBetween(0.7f, 1.3f);
            assertThat(l.scaling("a")).isEqualTo(2f);
            assertThat(maxDiff(run(bert, in).logits(), base)).as("fresh adapter vs base").isEqualTo(0.0);

            randomise(l.loraA("a"), 5, 0.2f);
            NDArray ids = in[0];
            NDArray table = word.weight().getArray();
            NDArray a = l.loraA("a").getArray();
            NDArray b = l.loraB("a").getArray();
            // By hand: E[ids] + s·(A[:, ids])ᵀ Bᵀ, one token at a time.
            NDArray got = word.apply(new ParameterStore(m, false), ids, false);
            long[] flat = ids.toLongArray();
            int t = (int) ids.getShape().get(1);
            for (int k = 0; k < flat.length; k++) {
                NDArray aCol = a.get(new NDIndex(":, {}", flat[k])); // (r)
                NDArray expected = table.get(flat[k]).add(b.matMul(aCol).mul(2f)); // (dim)
                assertThat(maxDiff(got.get(k / t, k % t), expected)).isLessThanOrEqualTo(1e-6);
            }
            assertThat(maxDiff(run(bert, in).logits(), base)).as("a trained adapter changes the logits").isGreaterThan(1e-3);
        }
    }

    /** Gradients reach both factors through the transposed lookup: for L = Σ delta, ∂L/∂A[k, v] = s·count(v)·Σ_j B[j, k]. */
    @Test
    void gradientsReachBothFactors() {
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Peft.apply(bert.model(), new LoraConfig(2, 4f, 0f, List.of("word_embeddings"), false, false), "a");
            LoraEmbedding l = lora(bert);
            randomise(l.loraA("a"), 9, 0.2f);
            NDArray ids = m.create(new long[] {5, 7, 5, 1}).reshape(2, 2);
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray delta = l.delta(new ParameterStore(m, false), ids, true);
                gc.backward(delta.sum());
            }
            NDArray gradA = l.loraA("a").getArray().getGradient(); // (r, vocab)
            float[] bColumnSums = l.loraB("a").getArray().sum(new int[] {0}).toFloatArray(); // (r)
            for (int k = 0; k < 2; k++) {
                assertThat(gradA.getFloat(k, 5)).isCloseTo(2f * 2 * bColumnSums[k], org.assertj.core.data.Offset.offset(1e-4f));
                assertThat(gradA.getFloat(k, 7)).isCloseTo(2f * bColumnSums[k], org.assertj.core.data.Offset.offset(1e-4f));
                assertThat(gradA.getFloat(k, 2)).as("an id not in the batch").isEqualTo(0f);
            }
            assertThat(l.loraB("a").getArray().getGradient().abs().sum().getFloat()).as("B's gradient").isGreaterThan(0f);
        }
    }

    @Test
    void mergeFoldsIntoTheTableAndMergeAndUnloadLeavesAPlainModel() {
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            NDArray table = bert.model().embeddings().word().weight().getArray().duplicate();
            Peft.apply(bert.model(), new LoraConfig(4, 8f, 0f, List.of("word_embeddings", "query"), false, false), "a");
            randomise(lora(bert).loraA("a"), 7, 0.2f);
            NDArray unmerged = run(bert, in).logits().duplicate();

            Peft.merge(bert.model());
            assertThat(lora(bert).mergedAdapter()).isEqualTo("a");
            assertThat(maxDiff(bert.model().embeddings().word().weight().getArray(), table)).as("merge changed E").isGreaterThan(1e-3);
            assertThat(maxDiff(run(bert, in).logits(), unmerged)).as("merged vs unmerged").isLessThanOrEqualTo(1e-5);
            assertThatThrownBy(() -> Peft.setActiveAdapter(bert.model(), null)).hasMessageContaining("'a' is merged");
            Peft.unmerge(bert.model());
            assertThat(maxDiff(bert.model().embeddings().word().weight().getArray(), table)).isLessThanOrEqualTo(1e-6);

            Peft.mergeAndUnload(bert.model());
            assertThat(bert.model().embeddings().word().update()).isNull();
            assertThat(ParameterPaths.of(bert.model()).keySet()).noneMatch(p -> p.contains("lora"));
            assertThat(maxDiff(run(bert, in).logits(), unmerged)).as("unloaded vs adapter").isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void onlyTheFactorsTrainAndTheTableStaysFrozen() {
        try (PretrainedEncoder bert = PeftTesting.bert()) {
            TrainableParameters share = Peft.apply(bert.model(),
                    new LoraConfig(2, 4f, 0f, List.of("word_embeddings"), false, true), "a");
            Embedding word = bert.model().embeddings().word();
            long expected = 2 * word.numEmbeddings() + word.dim() * 2 + ParameterPaths.of(bert.model()).entrySet().stream()
                    .filter(e -> e.getKey().startsWith("classifier.")).mapToLong(e -> e.getValue().getArray().size()).sum();
            assertThat(share.trainable()).isEqualTo(expected);
            assertThat(word.weight().requiresGradient()).isFalse();
            Map<String, Parameter> paths = ParameterPaths.of(bert.model());
            assertThat(paths.get("embeddings.word.lora_embedding_A.a.weight").requiresGradient()).isTrue();
            assertThat(paths.get("embeddings.word.lora_embedding_B.a.weight").requiresGradient()).isTrue();
        }
    }

    @Test
    void routedRowsMatchEachAdapterAlone() {
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m); // 3 rows
            Peft.apply(bert.model(), new LoraConfig(2, 4f, 0f, List.of("word_embeddings"), false, false), "a");
            Peft.apply(bert.model(), new LoraConfig(4, 4f, 0f, List.of("word_embeddings", "value"), false, false), "b");
            randomise(lora(bert).loraA("a"), 1, 0.3f);
            randomise(lora(bert).loraA("b"), 2, 0.3f);
            List<String> rows = Arrays.asList("b", null, "a");
            float[][] alone = new float[3][];
            for (int i = 0; i < 3; i++) {
                Peft.setActiveAdapter(bert.model(), rows.get(i));
                alone[i] = run(bert, in).logits().get(i).toFloatArray();
            }
            Peft.setActiveAdapter(bert.model(), null);
            NDArray routed = LoraRouting.route(rows, () -> run(bert, in).logits());
            for (int i = 0; i < 3; i++) {
                float[] got = routed.get(i).toFloatArray();
                for (int j = 0; j < got.length; j++) {
                    assertThat(got[j]).as("row %d logit %d", i, j).isCloseTo(alone[i][j], org.assertj.core.data.Offset.offset(1e-5f));
                }
            }
        }
    }

    @Test
    void savedUnderPeftKeysWithoutWeightAndNamedInTargetModules() throws Exception {
        try (PretrainedEncoder bert = PeftTesting.bert()) {
            LoraConfig config = new LoraConfig(2, 4f, 0f, List.of("word_embeddings", "query"), false, false);
            Peft.apply(bert.model(), config, "x");
            PeftFiles.save(bert.model(), config, "x", tmp, "bert-tiny");
            long vocab = bert.model().embeddings().word().numEmbeddings();
            try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("adapter_model.safetensors"))) {
                assertThat(f.names()).contains("base_model.model.bert.embeddings.word_embeddings.lora_embedding_A",
                        "base_model.model.bert.embeddings.word_embeddings.lora_embedding_B");
                assertThat(f.info("base_model.model.bert.embeddings.word_embeddings.lora_embedding_A").shape())
                        .containsExactly(2, vocab);
            }
        }
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("adapter_config.json").toFile());
        assertThat(json.get("target_modules")).extracting(JsonNode::asText).containsExactlyInAnyOrder("query", "word_embeddings");
    }

    @Test
    void removingAnAdapterTakesItsFactorsAway() {
        try (PretrainedEncoder bert = PeftTesting.bert()) {
            Peft.apply(bert.model(), new LoraConfig(2, 4f, 0f, List.of("word_embeddings"), false, false), "a");
            Peft.apply(bert.model(), new LoraConfig(2, 4f, 0f, List.of("word_embeddings"), false, false), "b");
            Peft.removeAdapter(bert.model(), "a");
            assertThat(lora(bert).adapterNames()).containsExactly("b");
            assertThat(ParameterPaths.of(bert.model()).keySet()).noneMatch(p -> p.contains(".a."));
            assertThatThrownBy(() -> Peft.removeAdapter(bert.model(), "a")).hasMessage("no LoRA adapter 'a' on the model");
        }
    }

    @Test
    void gpt2TakesItByItsHfNameWte() {
        try (PretrainedGpt2 gpt2 = PeftTesting.gpt2(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("gpt2-lm", m);
            NDArray base = gpt2.forward(in[0], in[1]).logits().duplicate();
            Peft.apply(gpt2.model(), new LoraConfig(2, 4f, 0f, List.of("wte"), false, false), "x");
            LoraEmbedding l = (LoraEmbedding) gpt2.model().word().update();
            assertThat(l.adapterNames()).containsExactly("x");
            randomise(l.loraA("x"), 3, 0.3f);
            assertThat(maxDiff(gpt2.forward(in[0], in[1]).logits(), base)).isGreaterThan(1e-3);
        }
    }

    @Test
    void aForwardPassLeavesNothingInTheModelsManager() {
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Peft.apply(bert.model(), new LoraConfig(2, 4f, 0f, List.of("word_embeddings"), false, false), "a");
            randomise(lora(bert).loraA("a"), 1, 0.3f);
            ai.djl.ndarray.BaseNDManager owner = (ai.djl.ndarray.BaseNDManager) lora(bert).loraA("a").getArray().getManager();
            NDArray ids = m.create(new long[] {5, 7, 5, 1}).reshape(2, 2);
            lora(bert).delta(new ParameterStore(m, false), ids, false);
            int before = owner.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (NDManager pass = m.newSubManager()) {
                    NDArray passIds = pass.create(new long[] {5, 7, 5, 1}).reshape(2, 2);
                    lora(bert).delta(new ParameterStore(pass, false), passIds, false);
                    LoraRouting.route(Arrays.asList("a", null), () -> lora(bert).delta(new ParameterStore(pass, false), passIds, false));
                }
            }
            Peft.merge(bert.model());
            Peft.unmerge(bert.model());
            assertThat(owner.getManagedArrays().size()).as("arrays owned by the model's manager").isEqualTo(before);
        }
    }

    @Test
    void mergeAndUnloadKeepsTheActiveAdapterAndDropsTheOthers() {
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            Peft.apply(bert.model(), new LoraConfig(2, 4f, 0f, List.of("word_embeddings"), false, false), "a");
            Peft.apply(bert.model(), new LoraConfig(2, 4f, 0f, List.of("word_embeddings", "query"), false, false), "b");
            randomise(lora(bert).loraA("a"), 1, 0.3f);
            randomise(lora(bert).loraA("b"), 2, 0.3f);
            Peft.setActiveAdapter(bert.model(), "a");
            NDArray withA = run(bert, in).logits().duplicate();
            Peft.mergeAndUnload(bert.model());
            assertThat(bert.model().embeddings().word().update()).isNull();
            assertThat(ParameterPaths.of(bert.model()).keySet()).noneMatch(p -> p.contains("lora"));
            assertThat(maxDiff(run(bert, in).logits(), withA)).isLessThanOrEqualTo(1e-5);
        }
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            NDArray base = run(bert, in).logits().duplicate();
            Peft.apply(bert.model(), new LoraConfig(2, 4f, 0f, List.of("word_embeddings"), false, false), "a");
            randomise(lora(bert).loraA("a"), 1, 0.3f);
            Peft.setActiveAdapter(bert.model(), null);
            Peft.mergeAndUnload(bert.model());
            assertThat(maxDiff(run(bert, in).logits(), base)).as("nothing active: the base comes back").isEqualTo(0.0);
        }
    }

    @Test
    void mergedAdaptersRefuseSwitchingAndRemovalWithoutChangingAnything() {
        try (PretrainedEncoder bert = PeftTesting.bert()) {
            Peft.apply(bert.model(), new LoraConfig(2, 4f, 0f, List.of("word_embeddings"), false, false), "a");
            Peft.apply(bert.model(), new LoraConfig(2, 4f, 0f, List.of("query"), false, false), "b");
            Peft.setActiveAdapter(bert.model(), "a");
            Peft.merge(bert.model());
            assertThatThrownBy(() -> Peft.setActiveAdapter(bert.model(), "b"))
                    .hasMessage("adapter 'a' is merged into the word embedding; unmerge it before switching to none");
            assertThat(Peft.wrappers(bert.model()).get(0).activeAdapter()).as("query did not switch to b").isNull();
            assertThatThrownBy(() -> Peft.removeAdapter(bert.model(), "a"))
                    .hasMessage("adapter 'a' is merged into the word embedding; unmerge it before removing it");
            assertThatThrownBy(() -> lora(bert).merge()).hasMessage("adapter 'a' is already merged into the word embedding");
            Peft.unmerge(bert.model());
            assertThatThrownBy(() -> lora(bert).unmerge()).hasMessage("no LoRA adapter is merged into the word embedding");
            Peft.setActiveAdapter(bert.model(), null);
            assertThatThrownBy(() -> lora(bert).merge()).hasMessage("no active LoRA adapter to merge into the word embedding");
            assertThatThrownBy(() -> lora(bert).loraA("zz"))
                    .hasMessage("no LoRA adapter 'zz' on the word embedding; there are [a]");
        }
    }

    @Test
    void routingRefusesTrainingAndAMismatchedBatch() {
        try (PretrainedEncoder bert = PeftTesting.bert(); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Peft.apply(bert.model(), new LoraConfig(2, 4f, 0f, List.of("word_embeddings"), false, false), "a");
            NDArray ids = m.create(new long[] {5, 7, 5, 1}).reshape(2, 2);
            ParameterStore ps = new ParameterStore(m, false);
            assertThatThrownBy(() -> LoraRouting.route(Arrays.asList("a", null), () -> lora(bert).delta(ps, ids, true)))
                    .hasMessage("LoRA routing is for inference; a training forward pass ran inside LoraRouting.route");
            assertThatThrownBy(() -> LoraRouting.route(Arrays.asList("a", null, "a"), () -> lora(bert).delta(ps, ids, false)))
                    .hasMessage("LoRA routing names adapters for 3 rows but the embedding input is (2, 2); its leading"
                            + " dimension must be the batch");
        }
    }

    @Test
    void t5RefusesItByName() {
        try (dev.graft.core.model.t5.PretrainedT5 t5 = dev.graft.core.model.t5.PretrainedT5.load(
                dev.graft.core.testing.Fixtures.hf("t5-seq2seq"), Device.cpu(), false)) {
            assertThatThrownBy(() -> Peft.apply(t5.model(), new LoraConfig(2, 4f, 0f, List.of("word_embeddings", "q"), false, false), "x"))
                    .hasMessage("LoRA on the word embedding supports encoder models (BERT, RoBERTa, DistilBERT) and GPT-2, not T5Model");
        }
    }

    @Test
    void anUnknownTargetListsTheWordEmbeddingAmongTheChoices() {
        try (PretrainedEncoder bert = PeftTesting.bert()) {
            assertThatThrownBy(() -> Peft.apply(bert.model(), new LoraConfig(2, 4f, 0f, List.of("embeddings"), false, false), "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("LoRA target 'embeddings' is not in the model")
                    .hasMessageContaining("word_embeddings");
        }
    }
}
