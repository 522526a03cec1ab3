package dev.graft.core.config;

import dev.graft.core.model.bert.BertConfig;
import dev.graft.core.model.distilbert.DistilBertConfig;
import dev.graft.core.model.gpt2.Gpt2Config;
import dev.graft.core.model.t5.T5Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a config.json and dispatches on {@code model_type}. */
public final class ModelConfigs {
    /** The model types this version imports. */
    public static final List<String> SUPPORTED = List.of("bert", "roberta", "distilbert", "gpt2", "t5");

    private ModelConfigs() {}

    /** @param path a model directory or its config.json */
    public static ModelConfig read(Path path) {
        if (!Files.exists(path)) {
            throw new ConfigException(path + ": does not exist (expected a model directory with config.json)");
        }
        Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
        return parse(JsonConfig.read(file));
    }

    /** The config of a parsed config.json tree (one read from a file, or built and edited in code). */
    public static ModelConfig parse(JsonConfig json) {
        String type = json.requireString("model_type");
        switch (type) {
            case "bert":
            case "roberta":
                return BertConfig.from(json);
            case "distilbert":
                return DistilBertConfig.from(json);
            case "gpt2":
                return Gpt2Config.from(json);
            case "t5":
                return T5Config.from(json);
            default:
                throw json.error("model_type", "is '" + type + "', which Graft cannot import; supported: "
                        + String.join(", ", SUPPORTED));
        }
    }
}
