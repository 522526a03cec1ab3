package dev.graft.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.config.ModelConfig;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.io.SafetensorsWriter;
import dev.graft.core.nn.Linear;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code best/} of a {@code features} run with mean pooling: the softmax layer alone, since no HF head
 * reads mean-pooled states. {@code features_head.safetensors} holds {@code weight} (labels, hidden) and
 * {@code bias} (labels); {@code features.json} names the pooling, the base model (whose encoder
 * makes the features) and the labels. There is deliberately no {@code config.json}: loading the
 * directory as an HF model would pair the base model's classifier with nothing that was trained.
 *
 * @param weight (C, H)
 * @param bias (C)
 */
record FeatureHeadFile(MethodOptions.Pooling pooling, Path baseModel, NDArray weight, NDArray bias) {
    static final String WEIGHTS = "features_head.safetensors";
    static final String CONFIG = "features.json";

    static void write(Path dir, Linear head, MethodOptions.Pooling pooling, Path baseModel, ModelConfig base) {
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("graft_method", "features");
        json.put("pooling", pooling.name().toLowerCase(Locale.ROOT));
        json.put("base_model_name_or_path", baseModel.toString());
        json.put("hidden_size", head.inFeatures());
        ObjectNode labels = json.putObject("id2label");
        new TreeMap<>(base.id2label()).forEach((i, name) -> labels.put(String.valueOf(i), name));
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        tensors.put("weight", head.weight().getArray());
        tensors.put("bias", head.bias().getArray());
        try {
            Files.createDirectories(dir);
            SafetensorsWriter.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
            Files.writeString(dir.resolve(CONFIG), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the features head to " + dir, e);
        }
    }

    /** Reads {@code dir} written by {@link #write}; the arrays belong to {@code manager}. */
    static FeatureHeadFile read(Path dir, NDManager manager) {
        Path config = dir.resolve(CONFIG);
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(config.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + config, e);
        }
        MethodOptions.Pooling pooling = MethodOptions.Pooling.valueOf(json.path("pooling").asText("").toUpperCase(Locale.ROOT));
        try (SafetensorsFile file = SafetensorsFile.open(dir.resolve(WEIGHTS))) {
            return new FeatureHeadFile(pooling, Path.of(json.path("base_model_name_or_path").asText()),
                    file.load("weight", manager), file.load("bias", manager));
        }
    }

    /** (B, H) features → (B, C) logits, the training forward pass without dropout. */
    NDArray logits(NDArray features) {
        return ai.djl.nn.core.Linear.linear(features, weight, bias).singletonOrThrow();
    }
}
