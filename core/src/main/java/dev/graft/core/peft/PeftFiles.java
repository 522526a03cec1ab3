package dev.graft.core.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.io.SafetensorsWriter;
import dev.graft.core.io.TensorInfo;
import dev.graft.core.model.encoder.EncoderModel;
import dev.graft.core.model.encoder.EncoderTask;
import dev.graft.core.model.gpt2.Gpt2Model;
import dev.graft.core.model.t5.T5Model;
import dev.graft.core.nn.ParameterValues;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.peft.ModelSlots.Slot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Adapters in PEFT's directory layout: {@code adapter_config.json} and {@code adapter_model.safetensors}
 * with PEFT's keys ({@code base_model.model.<HF module>.lora_A.weight}, {@code ….lora_embedding_A}, {@code ….ia3_l},
 * {@code prompt_embeddings}, the head as {@code modules_to_save} saves it:
 * {@code base_model.model.classifier.weight}). The adapter name is not in the keys, as in PEFT.
 */
public final class PeftFiles {
    public static final String CONFIG = "adapter_config.json";
    public static final String WEIGHTS = "adapter_model.safetensors";
    static final String PREFIX = "base_model.model.";

    private PeftFiles() {}

    /** Writes adapter {@code adapterName}, applied to {@code model} with {@code config}, into {@code dir}. */
    public static void save(Block model, PeftConfig config, String adapterName, Path dir, String baseModelNameOrPath) {
        Map<String, Parameter> params = adapterParameters(model, config, adapterName);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        NDArray like = ParameterPaths.of(model).values().iterator().next().getArray();
        try (NDManager scratch = like.getManager().newSubManager()) {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                tensors.put(e.getKey(), e.getValue().getArray());
            }
            if (config instanceof PrefixConfig) {
                PrefixEncoder prefix = requirePrefix(model, adapterName);
                tensors.put("prompt_embeddings", prefix.table(new ParameterStore(scratch, false), scratch, false));
            }
            ObjectNode json = configJson(model, config, adapterName, baseModelNameOrPath);
            Files.createDirectories(dir);
            SafetensorsWriter.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
            Files.writeString(dir.resolve(CONFIG), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the adapter to " + dir, e);
        }
    }

    /**
     * Reads {@code dir}, applies its method to {@code model} as adapter {@code adapterName} and fills
     * the adapter's parameters; every missing, unexpected or mis-shaped tensor is reported together.
     * Prefix adapters load in PEFT's inference form (the table, no projection MLP).
     */
    public static PeftConfig load(Block model, Path dir, String adapterName) {
        Path configFile = dir.resolve(CONFIG);
        PeftConfig config;
        try {
            config = PeftJson.parse(new ObjectMapper().readTree(configFile.toFile()), configFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + configFile, e);
        }
        Peft.apply(model, config, adapterName);
        Map<String, Parameter> expected = adapterParameters(model, config, adapterName);
        if (config instanceof PrefixConfig) {
            expected.put("prompt_embeddings", requirePrefix(model, adapterName).embeddingWeight());
        }
        Path weights = dir.resolve(WEIGHTS);
        try (SafetensorsFile file = SafetensorsFile.open(weights)) {
            Map<String, String> keyOf = new LinkedHashMap<>(); // our expected key → the file's key
            List<String> unexpected = new ArrayList<>();
            for (String key : file.names()) {
                String normal = normalise(key);
                if (expected.containsKey(normal)) {
                    keyOf.put(normal, key);
                } else {
                    unexpected.add(key);
                }
            }
            List<String> problems = new ArrayList<>();
            for (Map.Entry<String, Parameter> e : expected.entrySet()) {
                String key = keyOf.get(e.getKey());
                if (key == null) {
                    problems.add("missing " + e.getKey() + " " + e.getValue().getShape());
                    continue;
                }
                TensorInfo info = file.info(key);
                if (!Arrays.equals(info.shape(), e.getValue().getShape().getShape())) {
                    problems.add("wrong shape " + key + ": expected " + e.getValue().getShape() + ", found "
                            + Arrays.toString(info.shape()));
                }
            }
            unexpected.forEach(k -> problems.add("unexpected " + k));
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(weights + " does not fit " + config.peftType() + " adapter '" + adapterName
                        + "' on this model:\n  " + String.join("\n  ", problems));
            }
            for (Map.Entry<String, Parameter> e : expected.entrySet()) {
                NDArray target = e.getValue().getArray();
                try (NDManager scratch = target.getManager().newSubManager()) {
                    ParameterValues.assign(target, file.load(keyOf.get(e.getKey()), scratch));
                }
            }
        }
        return config;
    }

    /** PEFT writes the head as {@code X.weight}; older files and in-memory state dicts have {@code X.modules_to_save[.NAME].weight}. */
    private static String normalise(String key) {
        return key.replaceFirst("\\.modules_to_save\\.(default\\.)?", ".");
    }

    /** The adapter's parameters by PEFT key (without {@code prompt_embeddings} of a prefix, which is computed). */
    static Map<String, Parameter> adapterParameters(Block model, PeftConfig config, String adapterName) {
        HfLayout layout = HfLayout.of(model);
        Set<String> trainable = Peft.trainablePaths(model, config, adapterName);
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : ParameterPaths.of(model).entrySet()) {
            String path = e.getKey();
            if (!trainable.contains(path)) {
                continue;
            }
            if (path.startsWith(PrefixTuning.CHILD + ".")) {
                if (config instanceof PromptConfig) {
                    out.put("prompt_embeddings", e.getValue());
                }
                continue; // a prefix saves its computed table
            }
            out.put(peftKey(path, adapterName, layout), e.getValue());
        }
        return out;
    }

    /** {@code encoder.layers.0.attention.query.lora_A.NAME.weight} → {@code base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight}. */
    static String peftKey(String path, String adapterName, HfLayout layout) {
        List<String> parts = new ArrayList<>(Arrays.asList(path.split("\\.")));
        parts.removeIf("base_layer"::equals);
        for (int i = 0; i + 1 < parts.size(); i++) {
            if (Peft.MARKERS.contains(parts.get(i)) && parts.get(i + 1).equals(adapterName)) {
                String module = String.join(".", parts.subList(0, i));
                List<String> rest = new ArrayList<>(parts.subList(i, parts.size()));
                rest.remove(1); // the adapter name
                if (rest.get(0).startsWith("lora_embedding_")) {
                    rest.remove("weight"); // PEFT keeps these as bare parameters: …word_embeddings.lora_embedding_A
                }
                return PREFIX + layout.module(module) + "." + String.join(".", rest);
            }
        }
        return PREFIX + layout.key(String.join(".", parts));
    }

    private static PrefixEncoder requirePrefix(Block model, String adapterName) {
        PrefixEncoder p = PrefixTuning.find(model, adapterName);
        if (p == null) {
            throw new IllegalStateException("no prefix adapter '" + adapterName + "' on the model");
        }
        return p;
    }

    private static ObjectNode configJson(Block model, PeftConfig config, String adapterName, String base) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = mapper.createObjectNode();
        json.put("peft_type", config.peftType());
        json.put("task_type", taskType(model));
        json.put("base_model_name_or_path", base);
        json.put("inference_mode", true);
        json.put("revision", (String) null);
        Set<String> heads = headModules(model);
        if (config.trainHead()) {
            ArrayNode a = json.putArray("modules_to_save");
            heads.forEach(a::add);
        } else {
            json.putNull("modules_to_save");
        }
        boolean fanInFanOut = model instanceof Gpt2Model; // GPT-2's Conv1D stores (in, out)
        if (config instanceof LoraConfig c) {
            json.put("r", c.rank());
            json.put("lora_alpha", c.alpha());
            json.put("lora_dropout", c.dropout());
            json.put("use_rslora", c.rsLora());
            json.put("bias", "none");
            json.put("fan_in_fan_out", fanInFanOut);
            json.put("init_lora_weights", true);
            json.put("use_dora", false);
            json.putNull("layers_to_transform");
            ArrayNode targets = json.putArray("target_modules");
            targets(targets, model, adapterName, null);
            LoraEmbedding word = WordEmbeddingTarget.lora(model);
            if (word != null && word.adapterNames().contains(adapterName)) {
                targets.add(WordEmbeddingTarget.of(model, HfLayout.of(model)).hfName());
            }
        } else if (config instanceof Ia3Config c) {
            json.put("fan_in_fan_out", fanInFanOut);
            json.put("init_ia3_weights", true);
            targets(json.putArray("target_modules"), model, adapterName, null);
            targets(json.putArray("feedforward_modules"), model, adapterName, true);
        } else if (config instanceof BottleneckConfig c) {
            json.put("placement", c.placement().name());
            json.put("reduction_factor", c.reductionFactor());
            targets(json.putArray("target_modules"), model, adapterName, null);
        } else if (config instanceof PrefixConfig c) {
            PrefixEncoder p = requirePrefix(model, adapterName);
            json.put("num_virtual_tokens", c.numVirtualTokens());
            json.put("num_layers", p.numLayers());
            json.put("token_dim", hiddenSize(model));
            json.put("num_transformer_submodules", 1);
            json.put("prefix_projection", c.projection());
            json.put("encoder_hidden_size", c.projectionHiddenSize());
        } else if (config instanceof PromptConfig c) {
            json.put("num_virtual_tokens", c.numVirtualTokens());
            json.put("token_dim", hiddenSize(model));
            json.put("num_transformer_submodules", 1);
            json.put("prompt_tuning_init", c.init().name());
            if (c.init() == PromptConfig.Init.TEXT) {
                ArrayNode ids = json.putArray("graft_prompt_init_token_ids");
                Arrays.stream(c.initTokenIds()).forEach(ids::add);
            }
        }
        return json;
    }

    private static long hiddenSize(Block model) {
        if (model instanceof EncoderModel enc) {
            return enc.spec().layer().hiddenSize();
        }
        if (model instanceof Gpt2Model gpt2) {
            return gpt2.config().nEmbd();
        }
        return -1;
    }

    static String taskType(Block model) {
        if (model instanceof EncoderModel enc) {
            return enc.task() == EncoderTask.SEQUENCE_CLASSIFICATION ? "SEQ_CLS"
                    : enc.task() == EncoderTask.BASE ? "FEATURE_EXTRACTION" : null;
        }
        if (model instanceof Gpt2Model) {
            return "CAUSAL_LM";
        }
        return model instanceof T5Model ? "SEQ_2_SEQ_LM" : null;
    }

    /** The HF names of the head's top-level modules: {@code classifier}, or DistilBERT's {@code pre_classifier} and {@code classifier}. */
    static Set<String> headModules(Block model) {
        HfLayout layout = HfLayout.of(model);
        Set<String> out = new LinkedHashSet<>();
        for (String path : Peft.headPaths(model)) {
            String key = layout.key(path);
            out.add(key.substring(0, key.indexOf('.')));
        }
        return out;
    }

    /**
     * The shortest module-path suffixes that name exactly the wrapped projections of this adapter and
     * nothing else in the model (PEFT matches {@code target_modules} by suffix); {@code feedForward}
     * non-null keeps only IA³ layers of that kind.
     */
    private static void targets(ArrayNode out, Block model, String adapterName, Boolean feedForward) {
        HfLayout layout = HfLayout.of(model);
        Set<String> wrapped = new LinkedHashSet<>();
        for (Slot s : ModelSlots.of(model, layout)) {
            dev.graft.core.nn.Projection p = s.current();
            while (p instanceof AdapterWrapper w) {
                boolean kind = feedForward == null || (w instanceof Ia3Linear ia3 && ia3.isFeedForward() == feedForward);
                if (w.adapterNames().contains(adapterName) && kind) {
                    wrapped.add(s.hfPath());
                }
                p = w.base();
            }
        }
        Set<String> modules = new LinkedHashSet<>();
        for (String path : ParameterPaths.of(model).keySet()) {
            List<String> parts = new ArrayList<>(Arrays.asList(path.split("\\.")));
            parts.removeIf("base_layer"::equals);
            boolean adapter = parts.stream().anyMatch(Peft.MARKERS::contains);
            if (!adapter) {
                String key = layout.key(String.join(".", parts));
                modules.add(key.substring(0, key.lastIndexOf('.')));
            }
        }
        Set<String> names = new TreeSet<>();
        for (String hfPath : wrapped) {
            names.add(shortestSuffix(hfPath, wrapped, modules));
        }
        names.forEach(out::add);
    }

    private static String shortestSuffix(String hfPath, Set<String> wrapped, Set<String> modules) {
        String[] parts = hfPath.split("\\.");
        for (int k = 1; k <= parts.length; k++) {
            String first = parts[parts.length - k];
            if (first.chars().allMatch(Character::isDigit)) {
                continue;
            }
            String suffix = String.join(".", Arrays.copyOfRange(parts, parts.length - k, parts.length));
            boolean exact = modules.stream()
                    .filter(m -> m.equals(suffix) || m.endsWith("." + suffix))
                    .allMatch(wrapped::contains);
            if (exact) {
                return suffix;
            }
        }
        return hfPath;
    }
}
