package dev.graft.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.peft.PeftFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks {@code --model DIR} before anything loads it, so a wrong directory is named as what it is (missing, an
 * adapter, a checkpoint without a classifier) instead of by whichever file the loaders miss first.
 */
final class ModelDirectory {
    static final String CONFIG = "config.json";

    private ModelDirectory() {}

    /** @throws IllegalArgumentException saying what {@code dir} is and what to give instead */
    static void check(Path dir) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("--model " + dir + ": no such directory; name a model directory"
                    + " (config.json, model.safetensors), such as the OUT/best of graft finetune --method full");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--model " + dir + " is a file; name the model directory that holds"
                    + " config.json and model.safetensors");
        }
        Path config = dir.resolve(CONFIG);
        if (!Files.isRegularFile(config) && Files.isRegularFile(dir.resolve(PeftFiles.CONFIG))) {
            throw new IllegalArgumentException("--model " + dir + " is an adapter directory (" + PeftFiles.CONFIG
                    + "), not a model: evaluate it on its base model with --model " + base(dir) + " --adapter " + dir);
        }
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("--model " + dir + " has no config.json; name a model directory"
                    + " (config.json, model.safetensors)");
        }
        String why = notAClassifier(config);
        if (why != null) {
            throw new IllegalArgumentException("--model " + dir + " is not a classifier (config.json: " + why
                    + "): it has no classification head to score NLI labels with. Fine-tune it first (graft finetune"
                    + " --model " + dir + " --method full --train FILE --dev FILE --out OUT) and evaluate OUT/best");
        }
    }

    /** The base model an adapter names, or BASE when it names none. */
    private static String base(Path adapterDir) {
        try {
            JsonNode n = ReportJson.MAPPER.readTree(adapterDir.resolve(PeftFiles.CONFIG).toFile());
            String base = n.path("base_model_name_or_path").asText("");
            return base.isBlank() ? "BASE" : base;
        } catch (IOException e) {
            return "BASE"; // the adapter loader reports an unreadable adapter_config.json when it gets there
        }
    }

    /**
     * Why config.json describes no sequence classifier (a masked-LM or causal-LM head, no labels at all), or
     * null when it may be one. An unreadable file is left to the model loader, which names the field.
     */
    static String notAClassifier(Path config) {
        JsonNode n;
        try {
            n = ReportJson.MAPPER.readTree(config.toFile());
        } catch (IOException e) {
            return null;
        }
        if (n == null || !n.isObject()) {
            return null;
        }
        boolean classifier = false;
        boolean languageModel = false;
        for (JsonNode a : n.path("architectures")) {
            String arch = a.asText();
            classifier |= arch.endsWith("ForSequenceClassification");
            languageModel |= arch.endsWith("ForMaskedLM") || arch.endsWith("ForPreTraining") || arch.endsWith("ForCausalLM");
        }
        if (classifier) {
            return null;
        }
        List<String> reasons = new ArrayList<>();
        if (languageModel) {
            reasons.add("architectures " + n.path("architectures"));
        }
        if (!n.has("id2label") && !n.has("num_labels")) {
            reasons.add("no id2label or num_labels");
        }
        return reasons.isEmpty() ? null : String.join(", ", reasons);
    }
}
