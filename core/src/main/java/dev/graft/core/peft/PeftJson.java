package dev.graft.core.peft;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code adapter_config.json} → a {@link PeftConfig}. Options of PEFT we do not implement are refused
 * with the field named, rather than silently ignored (docs/PEFT.md lists them).
 */
final class PeftJson {
    private PeftJson() {}

    static PeftConfig parse(JsonNode json, Path file) {
        String type = text(json, "peft_type", file);
        boolean trainHead = json.hasNonNull("modules_to_save") && json.get("modules_to_save").size() > 0;
        try {
            switch (type) {
                case "LORA": {
                    refuse(json, file, "use_dora", true);
                    refuseUnless(json, file, "bias", "none");
                    refuseNonNull(json, file, "layers_to_transform");
                    refuseNonEmpty(json, file, "rank_pattern");
                    refuseNonEmpty(json, file, "alpha_pattern");
                    int r = json.path("r").asInt(8);
                    float alpha = (float) json.path("lora_alpha").asDouble(8);
                    float dropout = (float) json.path("lora_dropout").asDouble(0);
                    return new LoraConfig(r, alpha, dropout, list(json, "target_modules", file),
                            json.path("use_rslora").asBoolean(false), trainHead);
                }
                case "IA3":
                    return new Ia3Config(list(json, "target_modules", file),
                            json.hasNonNull("feedforward_modules") ? list(json, "feedforward_modules", file) : List.of(), trainHead);
                case "PREFIX_TUNING":
                    // Saved prefixes are the computed table: they load without the projection MLP.
                    return new PrefixConfig(json.path("num_virtual_tokens").asInt(0), false, 0, trainHead);
                case "PROMPT_TUNING":
                    return new PromptConfig(json.path("num_virtual_tokens").asInt(0), PromptConfig.Init.RANDOM, null, 0, trainHead);
                case "GRAFT_BOTTLENECK":
                    return new BottleneckConfig(BottleneckConfig.Placement.valueOf(text(json, "placement", file)),
                            json.path("reduction_factor").asInt(0), trainHead);
                case "GRAFT_BITFIT":
                    return new BitFitConfig(trainHead);
                default:
                    throw new IllegalArgumentException(file + ": peft_type " + type + " is not supported; Graft reads LORA, IA3,"
                            + " PREFIX_TUNING, PROMPT_TUNING, GRAFT_BOTTLENECK and GRAFT_BITFIT");
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode json, String field, Path file) {
        JsonNode n = json.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException(file + ": field " + field + " must be a string, found " + n);
        }
        return n.asText();
    }

    private static List<String> list(JsonNode json, String field, Path file) {
        JsonNode n = json.get(field);
        if (n != null && n.isTextual()) {
            throw new IllegalArgumentException(file + ": " + field + " as a regular expression (\"" + n.asText()
                    + "\") is not supported; give a list of module names");
        }
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException(file + ": field " + field + " must be a list of module names, found " + n);
        }
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static void refuse(JsonNode json, Path file, String field, boolean value) {
        if (json.path(field).asBoolean(false) == value && json.has(field)) {
            throw new IllegalArgumentException(file + ": " + field + "=" + value + " is not supported");
        }
    }

    private static void refuseUnless(JsonNode json, Path file, String field, String value) {
        if (json.hasNonNull(field) && !json.get(field).asText().equals(value)) {
            throw new IllegalArgumentException(file + ": " + field + "=" + json.get(field).asText()
                    + " is not supported (only " + value + ")");
        }
    }

    private static void refuseNonNull(JsonNode json, Path file, String field) {
        if (json.hasNonNull(field)) {
            throw new IllegalArgumentException(file + ": " + field + " is not supported, found " + json.get(field));
        }
    }

    private static void refuseNonEmpty(JsonNode json, Path file, String field) {
        if (json.hasNonNull(field) && json.get(field).size() > 0) {
            throw new IllegalArgumentException(file + ": " + field + " is not supported, found " + json.get(field));
        }
    }
}
