package dev.graft.core.peft;

import static dev.graft.core.peft.PeftTesting.maxDiff;
import static dev.graft.core.peft.PeftTesting.randomise;
import static dev.graft.core.peft.PeftTesting.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.io.SafetensorsWriter;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.nn.Linear;
import dev.graft.core.nn.ParameterPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Adapters in PEFT's layout: written, read back bit-identically, and read from a file made by hand. */
class PeftFilesTest {
    @TempDir
    Path tmp;

    static Stream<PeftConfig> methods() {
        return Stream.of(
                new LoraConfig(4, 8f, 0.1f, List.of("query", "value"), false, true),
                new LoraConfig(2, 4f, 0f, List.of("word_embeddings", "ffn_out"), false, true),
                new Ia3Config(List.of("key", "value", "ffn_out"), List.of("ffn_out"), true),
                new BottleneckConfig(BottleneckConfig.Placement.HOULSBY, 8, true),
                new BitFitConfig(true),
                new PrefixConfig(3, true, 16, false),
                new PromptConfig(4, PromptConfig.Init.SAMPLE_VOCAB, null, 7, true));
    }

    /** Sets every trainable parameter to seeded values, so that nothing is at its (maybe trivial) init. */
    private static void train(ai.djl.nn.Block model) {
        long seed = 100;
        for (Parameter p : ParameterPaths.of(model).values()) {
            if (p.requiresGradient()) {
                randomise(p, seed++, 0.3f);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("methods")
    void saveThenLoadGivesBitIdenticalOutputs(PeftConfig config) throws Exception {
        Path dir = tmp.resolve(config.peftType() + config.hashCode());
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            float[] expectedLogits;
            float[] expectedHidden;
            try (PretrainedEncoder bert = PeftTesting.bert()) {
                float[] base = run(bert, in).logits().toFloatArray();
                Peft.apply(bert.model(), config, "trained");
                train(bert.model());
                expectedLogits = run(bert, in).logits().toFloatArray();
                expectedHidden = run(bert, in).lastHiddenState().toFloatArray();
                assertThat(expectedLogits).as("the adapter changes the output").isNotEqualTo(base);
                PeftFiles.save(bert.model(), config, "trained", dir, "fixtures/hf/bert-seqcls");
            }
            try (PretrainedEncoder fresh = PeftTesting.bert()) {
                PeftConfig read = PeftFiles.load(fresh.model(), dir, "other-name");
                assertThat(read.peftType()).isEqualTo(config.peftType());
                assertThat(run(fresh, in).logits().toFloatArray()).isEqualTo(expectedLogits);
                assertThat(run(fresh, in).lastHiddenState().toFloatArray()).isEqualTo(expectedHidden);
            }
        }
        JsonNode json = new ObjectMapper().readTree(dir.resolve("adapter_config.json").toFile());
        assertThat(json.get("peft_type").asText()).isEqualTo(config.peftType());
        assertThat(json.get("base_model_name_or_path").asText()).isEqualTo("fixtures/hf/bert-seqcls");
        assertThat(json.get("task_type").asText()).isEqualTo("SEQ_CLS");
    }

    @Test
    void loraFileUsesPeftKeysAndConfigFields() throws Exception {
        try (PretrainedEncoder bert = PeftTesting.bert()) {
            LoraConfig config = new LoraConfig(4, 8f, 0.05f, List.of("query", "value"), true, true);
            Peft.apply(bert.model(), config, "default");
            PeftFiles.save(bert.model(), config, "default", tmp, "bert-tiny");
        }
        try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("adapter_model.safetensors"))) {
            assertThat(f.names()).contains(
                    "base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight",
                    "base_model.model.bert.encoder.layer.1.attention.self.value.lora_B.weight",
                    "base_model.model.classifier.weight", "base_model.model.classifier.bias").hasSize(2 * 2 * 2 + 2);
            assertThat(f.info("base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight").shape())
                    .containsExactly(4, 64);
        }
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("adapter_config.json").toFile());
        assertThat(json.get("r").asInt()).isEqualTo(4);
        assertThat(json.get("lora_alpha").asDouble()).isEqualTo(8.0);
        assertThat(json.get("lora_dropout").asDouble()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(json.get("use_rslora").asBoolean()).isTrue();
        assertThat(json.get("target_modules")).extracting(JsonNode::asText).containsExactly("query", "value");
        assertThat(json.get("modules_to_save")).extracting(JsonNode::asText).containsExactly("classifier");
    }

    /** A file as PEFT documents it, written here without our writer's help: W_eff = W + (α/r)·B·A. */
    @Test
    void handWrittenPeftLoraLoadsOnBert() throws Exception {
        int r = 2;
        float alpha = 6f;
        Files.writeString(tmp.resolve("adapter_config.json"), """
                {"peft_type": "LORA", "task_type": "SEQ_CLS", "base_model_name_or_path": "bert-tiny",
                 "r": 2, "lora_alpha": 6, "lora_dropout": 0.1, "target_modules": ["value", "query"],
                 "bias": "none", "fan_in_fan_out": false, "modules_to_save": ["classifier"],
                 "inference_mode": true, "init_lora_weights": true, "use_rslora": false, "use_dora": false,
                 "layers_to_transform": null, "rank_pattern": {}, "alpha_pattern": {}}
                """);
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                PretrainedEncoder expected = PeftTesting.bert();
                PretrainedEncoder loaded = PeftTesting.bert()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            long seed = 1;
            for (int layer = 0; layer < 2; layer++) {
                for (String proj : new String[] {"query", "value"}) {
                    NDArray a = m.randomUniform(-0.3f, 0.3f, new ai.djl.ndarray.types.Shape(r, 64));
                    NDArray b = m.randomUniform(-0.3f, 0.3f, new ai.djl.ndarray.types.Shape(64, r));
                    String module = "base_model.model.bert.encoder.layer." + layer + ".attention.self." + proj;
                    tensors.put(module + ".lora_A.weight", a);
                    tensors.put(module + ".lora_B.weight", b);
                    Linear w = (Linear) expected.model().encoder().layers().get(layer).attention().projections().get(proj);
                    NDArray merged = w.weight().getArray().add(b.matMul(a).mul(alpha / r));
                    w.weight().getArray().set(merged.toByteBuffer());
                }
            }
            NDArray head = m.randomUniform(-1f, 1f, new ai.djl.ndarray.types.Shape(3, 64));
            tensors.put("base_model.model.classifier.modules_to_save.weight", head); // the older layout
            tensors.put("base_model.model.classifier.bias", m.zeros(new ai.djl.ndarray.types.Shape(3)));
            ParameterPaths.of(expected.model()).get("classifier.out.weight").getArray().set(head.toByteBuffer());
            ParameterPaths.of(expected.model()).get("classifier.out.bias").getArray().set(m.zeros(new ai.djl.ndarray.types.Shape(3)).toByteBuffer());
            SafetensorsWriter.write(tmp.resolve("adapter_model.safetensors"), tensors, Map.of("format", "pt"));

            LoraConfig config = (LoraConfig) PeftFiles.load(loaded.model(), tmp, "default");
            assertThat(config.rank()).isEqualTo(2);
            assertThat(config.trainHead()).isTrue();
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            assertThat(maxDiff(run(loaded, in).logits(), run(expected, in).logits())).isLessThanOrEqualTo(1e-5);
        }
    }

    /** PEFT's embedding LoRA as its files hold it: bare {@code lora_embedding_A} (r, vocab) and {@code _B} (dim, r); E_eff = E + s·AᵀBᵀ. */
    @Test
    void handWrittenPeftEmbeddingLoraLoadsOnBert() throws Exception {
        Files.writeString(tmp.resolve("adapter_config.json"), """
                {"peft_type": "LORA", "task_type": "SEQ_CLS", "base_model_name_or_path": "bert-tiny",
                 "r": 2, "lora_alpha": 8, "lora_dropout": 0.0, "target_modules": ["word_embeddings"],
                 "bias": "none", "fan_in_fan_out": false, "modules_to_save": null,
                 "inference_mode": true, "init_lora_weights": true, "use_rslora": false, "use_dora": false,
                 "layers_to_transform": null, "rank_pattern": {}, "alpha_pattern": {}}
                """);
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                PretrainedEncoder expected = PeftTesting.bert();
                PretrainedEncoder loaded = PeftTesting.bert()) {
            NDArray table = expected.model().embeddings().word().weight().getArray();
            long vocab = table.getShape().get(0);
            NDArray a = m.randomUniform(-0.3f, 0.3f, new ai.djl.ndarray.types.Shape(2, vocab));
            NDArray b = m.randomUniform(-0.3f, 0.3f, new ai.djl.ndarray.types.Shape(64, 2));
            String module = "base_model.model.bert.embeddings.word_embeddings";
            SafetensorsWriter.write(tmp.resolve("adapter_model.safetensors"),
                    Map.of(module + ".lora_embedding_A", a, module + ".lora_embedding_B", b), Map.of("format", "pt"));
            table.set(table.add(a.transpose().matMul(b.transpose()).mul(4f)).toByteBuffer());

            LoraConfig config = (LoraConfig) PeftFiles.load(loaded.model(), tmp, "default");
            assertThat(config.targets()).containsExactly("word_embeddings");
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            assertThat(maxDiff(run(loaded, in).logits(), run(expected, in).logits())).isLessThanOrEqualTo(1e-5);

            // The same file with the factors swapped is named, shapes and all, before any value is read.
            SafetensorsWriter.write(tmp.resolve("adapter_model.safetensors"),
                    Map.of(module + ".lora_embedding_A", b, module + ".lora_embedding_B", a), Map.of("format", "pt"));
            try (PretrainedEncoder other = PeftTesting.bert()) {
                assertThatThrownBy(() -> PeftFiles.load(other.model(), tmp, "default"))
                        .hasMessageContaining("wrong shape " + module + ".lora_embedding_A: expected (2, " + vocab + "), found [64, 2]");
            }
        }
    }

    @Test
    void handWrittenPeftLoraLoadsOnGpt2CattnAndNamesMissingTensors() throws Exception {
        Files.writeString(tmp.resolve("adapter_config.json"), """
                {"peft_type": "LORA", "task_type": "CAUSAL_LM", "r": 1, "lora_alpha": 1,
                 "target_modules": ["c_attn"], "fan_in_fan_out": true, "bias": "none"}
                """);
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); PretrainedGpt2 gpt2 = PeftTesting.gpt2()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put("base_model.model.transformer.h.0.attn.c_attn.lora_A.weight", m.ones(new ai.djl.ndarray.types.Shape(1, 64)));
            tensors.put("base_model.model.transformer.h.0.attn.c_attn.lora_B.weight", m.ones(new ai.djl.ndarray.types.Shape(192, 1)));
            SafetensorsWriter.write(tmp.resolve("adapter_model.safetensors"), tensors, Map.of());
            assertThatThrownBy(() -> PeftFiles.load(gpt2.model(), tmp, "default"))
                    .hasMessageContaining("missing base_model.model.transformer.h.1.attn.c_attn.lora_A.weight");
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu()); PretrainedGpt2 gpt2 = PeftTesting.gpt2()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (int i = 0; i < gpt2.config().nLayer(); i++) {
                tensors.put("base_model.model.transformer.h." + i + ".attn.c_attn.lora_A.weight", m.ones(new ai.djl.ndarray.types.Shape(1, 64)).mul(0.01f));
                tensors.put("base_model.model.transformer.h." + i + ".attn.c_attn.lora_B.weight", m.ones(new ai.djl.ndarray.types.Shape(192, 1)));
            }
            SafetensorsWriter.write(tmp.resolve("adapter_model.safetensors"), tensors, Map.of());
            NDArray[] in = PeftTesting.inputs("gpt2-lm", m);
            NDArray base = gpt2.forward(in[0], in[1]).logits().duplicate();
            PeftFiles.load(gpt2.model(), tmp, "default");
            LoraLinear first = (LoraLinear) Peft.wrappers(gpt2.model()).get(0);
            assertThat(first.loraB("default").getArray().toFloatArray()).containsOnly(1f);
            assertThat(maxDiff(gpt2.forward(in[0], in[1]).logits(), base)).isGreaterThan(1e-4);
        }
    }

    @Test
    void mergedLoraExportsAsAPlainHfCheckpoint() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs("bert-seqcls", m);
            float[] adapted;
            try (PretrainedEncoder bert = PeftTesting.bert()) {
                Peft.apply(bert.model(), LoraConfig.of(4, 8f, Target.QUERY, Target.VALUE, Target.FFN_OUT), "default");
                train(bert.model());
                adapted = run(bert, in).logits().toFloatArray();
                Peft.mergeAndUnload(bert.model());
                assertThat(Peft.wrappers(bert.model())).isEmpty();
                assertThat(ParameterPaths.of(bert.model())).containsKey("encoder.layers.0.attention.query.weight");
                bert.save(tmp.resolve("merged"));
            }
            try (PretrainedEncoder merged = PretrainedEncoder.load(tmp.resolve("merged"), Device.cpu(), false)) {
                float[] out = run(merged, in).logits().toFloatArray();
                for (int i = 0; i < out.length; i++) {
                    assertThat(out[i]).isCloseTo(adapted[i], org.assertj.core.data.Offset.offset(1e-5f));
                }
            }
        }
    }

    @Test
    void unsupportedPeftOptionsAreRefusedByName() throws Exception {
        Files.writeString(tmp.resolve("adapter_config.json"),
                "{\"peft_type\": \"LORA\", \"r\": 2, \"lora_alpha\": 4, \"target_modules\": \".*query\"}");
        try (PretrainedEncoder bert = PeftTesting.bert()) {
            assertThatThrownBy(() -> PeftFiles.load(bert.model(), tmp, "default"))
                    .hasMessageContaining("adapter_config.json").hasMessageContaining("target_modules as a regular expression");
            Files.writeString(tmp.resolve("adapter_config.json"),
                    "{\"peft_type\": \"LORA\", \"r\": 2, \"target_modules\": [\"query\"], \"use_dora\": true}");
            assertThatThrownBy(() -> PeftFiles.load(bert.model(), tmp, "default")).hasMessageContaining("use_dora=true is not supported");
            Files.writeString(tmp.resolve("adapter_config.json"), "{\"peft_type\": \"LOHA\"}");
            assertThatThrownBy(() -> PeftFiles.load(bert.model(), tmp, "default")).hasMessageContaining("peft_type LOHA is not supported");
        }
    }

    /** Each family's HF module names become the keys, and its own head modules the modules_to_save. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "roberta-seqcls, query;value, base_model.model.roberta.encoder.layer.1.attention.self.value.lora_B.weight, base_model.model.classifier.out_proj.weight, classifier",
        "distilbert-seqcls, q_lin;v_lin, base_model.model.distilbert.transformer.layer.1.attention.v_lin.lora_B.weight, base_model.model.pre_classifier.weight, pre_classifier;classifier"})
    void encoderFamiliesUseTheirOwnNames(String fixture, String targets, String loraKey, String headKey, String heads) throws Exception {
        LoraConfig config = new LoraConfig(2, 4f, 0f, List.of(targets.split(";")), false, true);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray[] in = PeftTesting.inputs(fixture, m);
            float[] expected;
            try (PretrainedEncoder model = PretrainedEncoder.load(dev.graft.core.testing.Fixtures.hf(fixture), Device.cpu(), false)) {
                Peft.apply(model.model(), config, "default");
                train(model.model());
                expected = run(model, in).logits().toFloatArray();
                PeftFiles.save(model.model(), config, "default", tmp, fixture);
            }
            try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("adapter_model.safetensors"))) {
                assertThat(f.names()).contains(loraKey, headKey);
            }
            JsonNode json = new ObjectMapper().readTree(tmp.resolve("adapter_config.json").toFile());
            assertThat(json.get("modules_to_save")).extracting(JsonNode::asText).containsExactly(heads.split(";"));
            assertThat(json.get("target_modules")).extracting(JsonNode::asText).containsExactlyInAnyOrder(targets.split(";"));
            try (PretrainedEncoder fresh = PretrainedEncoder.load(dev.graft.core.testing.Fixtures.hf(fixture), Device.cpu(), false)) {
                PeftFiles.load(fresh.model(), tmp, "default");
                assertThat(run(fresh, in).logits().toFloatArray()).isEqualTo(expected);
            }
        }
    }

    @Test
    void t5LoraOnQAndVCoversSelfAndCrossAttention() throws Exception {
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                dev.graft.core.model.t5.PretrainedT5 t5 = dev.graft.core.model.t5.PretrainedT5.load(
                        dev.graft.core.testing.Fixtures.hf("t5-seq2seq"), Device.cpu(), false)) {
            LoraConfig config = new LoraConfig(2, 4f, 0f, List.of("q", "v"), false, false);
            Peft.apply(t5.model(), config, "default");
            int layers = t5.config().numLayers() + 2 * t5.config().numDecoderLayers();
            assertThat(Peft.wrappers(t5.model())).hasSize(2 * layers);
            PeftFiles.save(t5.model(), config, "default", tmp, "t5");
        }
        try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("adapter_model.safetensors"))) {
            assertThat(f.names()).contains("base_model.model.encoder.block.0.layer.0.SelfAttention.q.lora_A.weight",
                    "base_model.model.decoder.block.0.layer.1.EncDecAttention.v.lora_B.weight");
        }
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("adapter_config.json").toFile());
        assertThat(json.get("task_type").asText()).isEqualTo("SEQ_2_SEQ_LM");
        assertThat(json.get("target_modules")).extracting(JsonNode::asText).containsExactly("q", "v");
    }
}
