package dev.graft.core.model.encoder;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.checkpoint.CheckpointLoader;
import dev.graft.core.checkpoint.HfDirectory;
import dev.graft.core.checkpoint.WeightNames;
import dev.graft.core.config.JsonConfig;
import dev.graft.core.config.ModelConfig;
import dev.graft.core.config.ModelConfigs;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.io.FilteredTensorSource;
import dev.graft.core.io.ShardedCheckpoint;
import dev.graft.core.io.TensorSource;
import dev.graft.core.model.bert.BertConfig;
import dev.graft.core.model.bert.BertWeights;
import dev.graft.core.model.distilbert.DistilBertConfig;
import dev.graft.core.model.distilbert.DistilBertWeights;
import dev.graft.core.nn.ParameterPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * An encoder-only model (BERT, RoBERTa, DistilBERT) with its config and weights, loaded from or saved
 * to a Hugging Face directory ({@code config.json} + {@code model.safetensors}).
 */
public final class PretrainedEncoder implements AutoCloseable {
    private final ModelConfig config;
    private final EncoderModel model;
    private final WeightNames names;
    private final NDManager manager;

    private PretrainedEncoder(ModelConfig config, EncoderModel model, WeightNames names, NDManager manager) {
        this.config = config;
        this.model = model;
        this.names = names;
        this.manager = manager;
    }

    /**
     * Loads a model directory. The head is taken from the checkpoint: a classifier when it has one,
     * the masked-LM head when it has that, else the body alone.
     */
    public static PretrainedEncoder load(Path dir, Device device, boolean allowUnexpected) {
        ModelConfig config = ModelConfigs.read(dir);
        WeightNames names = namesOf(config);
        try (TensorSource source = ShardedCheckpoint.openDirectory(dir)) {
            EncoderTask task = taskOf(source, names);
            PretrainedEncoder enc = create(config, task, device);
            try {
                CheckpointLoader.load(ParameterPaths.of(enc.model), source, names, enc.manager, allowUnexpected);
            } catch (RuntimeException e) {
                enc.close();
                throw e;
            }
            return enc;
        }
    }

    /**
     * Loads {@code dir} as a sequence classifier. A checkpoint with a classifier loads as {@link #load}
     * does, keeping its own labels. A masked-LM or base checkpoint gets a new classifier for
     * {@code id2label}, as HF's {@code from_pretrained(dir, num_labels=N)} does: the body loads, the
     * classifier (and a pooler the checkpoint lacks) keeps its fresh initialisation, the masked-LM head
     * is not used, and {@code notes} is told both lists.
     */
    public static PretrainedEncoder loadForClassification(Path dir, Map<Integer, String> id2label, Device device,
            boolean allowUnexpected, Consumer<String> notes) {
        ModelConfig config = ModelConfigs.read(dir);
        WeightNames names = namesOf(config);
        try (TensorSource source = ShardedCheckpoint.openDirectory(dir)) {
            EncoderTask found = taskOf(source, names);
            if (found == EncoderTask.SEQUENCE_CLASSIFICATION) {
                PretrainedEncoder enc = create(config, found, device);
                loadInto(enc, ParameterPaths.of(enc.model), source, names, allowUnexpected);
                return enc;
            }
            if (id2label.isEmpty()) {
                throw new IllegalArgumentException(dir + ": the checkpoint has no classification head and no labels"
                        + " were given for a new one");
            }
            ModelConfig withHead = ModelConfigs.parse(JsonConfig.of(withLabels(config, id2label), config.json().file()));
            PretrainedEncoder enc = create(withHead, EncoderTask.SEQUENCE_CLASSIFICATION, device);
            boolean prefixed = CheckpointLoader.isPrefixed(source, names);
            Map<String, Parameter> body = new LinkedHashMap<>();
            List<String> fresh = new ArrayList<>();
            Map<String, Parameter> newPoolers = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : ParameterPaths.of(enc.model).entrySet()) {
                String key = names.toCheckpoint(e.getKey(), prefixed).orElse(e.getKey());
                boolean newPooler = e.getKey().startsWith("pooler.") && !source.contains(key);
                if (newPooler) {
                    newPoolers.put(e.getKey(), e.getValue());
                }
                if (e.getKey().startsWith("classifier.") || newPooler) {
                    fresh.add(names.toCheckpoint(e.getKey(), true).orElse(key));
                } else {
                    body.put(e.getKey(), e.getValue());
                }
            }
            Set<String> unused = new TreeSet<>();
            for (String path : ParameterPaths.of(new EncoderModel(specOf(config), found)).keySet()) {
                if (path.startsWith("mlm.")) {
                    names.toCheckpoint(path, prefixed).filter(source::contains).ifPresent(unused::add);
                }
            }
            try (TensorSource bodyOnly = new FilteredTensorSource(source, unused)) {
                loadInto(enc, body, bodyOnly, names, allowUnexpected);
            }
            startAsIdentity(newPoolers); // see startPoolerAsIdentity
            notes.accept(dir + " holds a " + (found == EncoderTask.MASKED_LM ? "masked-LM" : "base") + " model: a new"
                    + " classifier for " + id2label.values() + " starts from its initialisation (" + fresh + ")"
                    + (newPoolers.isEmpty() ? "" : ", the pooler as the identity")
                    + (unused.isEmpty() ? "" : "; not used: the masked-LM head " + unused));
            return enc;
        }
    }

    /**
     * Sets the pooler to the identity (pooled = tanh([CLS])), for a pooler nothing has trained: masked-LM
     * pretraining never reaches it, and a checkpoint without one gets a new one. HF draws such a pooler at
     * random (normal, 0.02), which hands the classifier a random mix of [CLS] at about a fifth of its
     * scale; under head-only and PEFT runs the pooler is frozen, so that mix stays. Measured on the demo's
     * set (one LoRA epoch over 48k pairs, r 4 on query and value): dev accuracy 0.595 from the random
     * pooler, 0.664 from the identity. A model without a pooler is left as it is.
     */
    public void startPoolerAsIdentity() {
        startAsIdentity(ParameterPaths.of(model).entrySet().stream().filter(e -> e.getKey().startsWith("pooler."))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    private static void startAsIdentity(Map<String, Parameter> pooler) {
        for (Map.Entry<String, Parameter> e : pooler.entrySet()) {
            NDArray a = e.getValue().getArray();
            float[] v = new float[Math.toIntExact(a.size())];
            if (e.getKey().endsWith("weight")) {
                int n = Math.toIntExact(a.getShape().get(0));
                for (int i = 0; i < n; i++) {
                    v[i * n + i] = 1f;
                }
            }
            a.set(v);
        }
    }

    private static void loadInto(PretrainedEncoder enc, Map<String, Parameter> params, TensorSource source,
            WeightNames names, boolean allowUnexpected) {
        try {
            CheckpointLoader.load(params, source, names, enc.manager, allowUnexpected);
        } catch (RuntimeException e) {
            enc.close();
            throw e;
        }
    }

    /** The config tree of a ...ForSequenceClassification model with these labels. */
    private static ObjectNode withLabels(ModelConfig config, Map<Integer, String> id2label) {
        ObjectNode tree = config.json().tree();
        ObjectNode ids = tree.putObject("id2label");
        ObjectNode labels = tree.putObject("label2id");
        new TreeMap<>(id2label).forEach((i, name) -> {
            ids.put(Integer.toString(i), name);
            labels.put(name, i);
        });
        String family = switch (config.modelType()) {
            case "roberta" -> "Roberta";
            case "distilbert" -> "DistilBert";
            default -> "Bert";
        };
        tree.putArray("architectures").add(family + "ForSequenceClassification");
        return tree;
    }

    /** A freshly initialised model of this config (for training from scratch); seed via the engine. */
    public static PretrainedEncoder create(ModelConfig config, EncoderTask task, Device device) {
        EncoderModel model = new EncoderModel(specOf(config), task);
        NDManager manager = GraftEngine.engine().newBaseManager(device);
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
        return new PretrainedEncoder(config, model, namesOf(config), manager);
    }

    static EncoderSpec specOf(ModelConfig config) {
        if (config instanceof BertConfig) {
            return ((BertConfig) config).toEncoderSpec();
        }
        if (config instanceof DistilBertConfig) {
            return ((DistilBertConfig) config).toEncoderSpec();
        }
        throw new IllegalArgumentException("model_type " + config.modelType() + " is not an encoder-only model");
    }

    static WeightNames namesOf(ModelConfig config) {
        if (config instanceof BertConfig) {
            return BertWeights.names(((BertConfig) config).isRoberta());
        }
        if (config instanceof DistilBertConfig) {
            return DistilBertWeights.names();
        }
        throw new IllegalArgumentException("model_type " + config.modelType() + " is not an encoder-only model");
    }

    /** Whether the checkpoint in {@code dir} has a classification head (else {@link #loadForClassification} adds one). */
    public static boolean hasClassifier(Path dir) {
        ModelConfig config = ModelConfigs.read(dir);
        try (TensorSource source = ShardedCheckpoint.openDirectory(dir)) {
            return taskOf(source, namesOf(config)) == EncoderTask.SEQUENCE_CLASSIFICATION;
        }
    }

    private static EncoderTask taskOf(TensorSource source, WeightNames names) {
        boolean prefixed = CheckpointLoader.isPrefixed(source, names);
        if (has(source, names, "classifier.out.weight", prefixed)) {
            return EncoderTask.SEQUENCE_CLASSIFICATION;
        }
        if (has(source, names, "mlm.dense.weight", prefixed)) {
            return EncoderTask.MASKED_LM;
        }
        return EncoderTask.BASE;
    }

    private static boolean has(TensorSource source, WeightNames names, String ourPath, boolean prefixed) {
        return names.toCheckpoint(ourPath, prefixed).map(source.names()::contains).orElse(false);
    }

    public ModelConfig config() {
        return config;
    }

    public EncoderModel model() {
        return model;
    }

    public NDManager manager() {
        return manager;
    }

    public Device device() {
        return manager.getDevice();
    }

    /**
     * Inference forward pass (dropout off). The outputs belong to the manager of {@code ids}.
     *
     * @param ids (B, T) int64
     * @param attentionMask (B, T), or null
     * @param typeIds (B, T), or null
     */
    public EncoderOutput forward(NDArray ids, NDArray attentionMask, NDArray typeIds) {
        ParameterStore ps = new ParameterStore(manager, false);
        return model.apply(ps, ids, attentionMask, typeIds, false);
    }

    /**
     * Writes {@code config.json} and {@code model.safetensors} in HF layout: body keys under the task
     * prefix when the model has a head (as HF saves them), tied weights once.
     */
    public void save(Path dir) {
        HfDirectory.save(model, names, model.task() != EncoderTask.BASE, config.json().tree(), dir);
    }

    @Override
    public void close() {
        manager.close();
    }
}
