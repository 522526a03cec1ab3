package dev.graft.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed reads of a Hugging Face {@code config.json}, each failure naming the file and the field:
 * configs map onto records once, here, instead of as loose maps spread through the code.
 */
public final class JsonConfig {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final ObjectNode root;

    private JsonConfig(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /**
     * A config built in code (benchmarks, training from scratch); {@code origin} stands in for the
     * file name in error messages.
     */
    public static JsonConfig of(ObjectNode tree, Path origin) {
        return new JsonConfig(origin, tree.deepCopy());
    }

    public static JsonConfig read(Path file) {
        JsonNode node;
        try {
            node = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file (a model directory needs a config.json)");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(file + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode)) {
            throw new ConfigException(file + ": expected a JSON object at the top level");
        }
        return new JsonConfig(file, (ObjectNode) node);
    }

    public Path file() {
        return file;
    }

    /** The whole document, so that saving a model writes back every field we did not model. */
    public ObjectNode tree() {
        return root.deepCopy();
    }

    public boolean has(String field) {
        return root.hasNonNull(field);
    }

    public ConfigException error(String field, String problem) {
        return new ConfigException(file + ": field '" + field + "' " + problem);
    }

    public String requireString(String field) {
        JsonNode n = require(field);
        if (!n.isTextual()) {
            throw wrongType(field, "a string", n);
        }
        return n.asText();
    }

    public String optString(String field, String fallback) {
        return has(field) ? requireString(field) : fallback;
    }

    public int requireInt(String field) {
        JsonNode n = require(field);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw wrongType(field, "an integer", n);
        }
        return n.asInt();
    }

    public int optInt(String field, int fallback) {
        return has(field) ? requireInt(field) : fallback;
    }

    public double requireDouble(String field) {
        JsonNode n = require(field);
        if (!n.isNumber()) {
            throw wrongType(field, "a number", n);
        }
        return n.asDouble();
    }

    public double optDouble(String field, double fallback) {
        return has(field) ? requireDouble(field) : fallback;
    }

    public boolean optBoolean(String field, boolean fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonNode n = root.get(field);
        if (!n.isBoolean()) {
            throw wrongType(field, "true or false", n);
        }
        return n.asBoolean();
    }

    /**
     * {@code id2label} as an ordered map from class index to name; absent means {@code fallbackCount}
     * classes named LABEL_0.. as HF does.
     */
    public Map<Integer, String> id2label(int fallbackCount) {
        Map<Integer, String> labels = new TreeMap<>();
        if (!has("id2label")) {
            for (int i = 0; i < fallbackCount; i++) {
                labels.put(i, "LABEL_" + i);
            }
            return labels;
        }
        JsonNode n = root.get("id2label");
        if (!n.isObject()) {
            throw wrongType("id2label", "an object of index to name", n);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int index;
            try {
                index = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw error("id2label", "has key '" + e.getKey() + "', expected a class index");
            }
            if (!e.getValue().isTextual()) {
                throw wrongType("id2label." + e.getKey(), "a string", e.getValue());
            }
            labels.put(index, e.getValue().asText());
        }
        for (int i = 0; i < labels.size(); i++) {
            if (!labels.containsKey(i)) {
                throw error("id2label", "must number classes 0.." + (labels.size() - 1) + ", found keys " + labels.keySet());
            }
        }
        return labels;
    }

    private JsonNode require(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw error(field, "is missing");
        }
        return n;
    }

    private ConfigException wrongType(String field, String expected, JsonNode found) {
        return error(field, "must be " + expected + ", found " + found.getNodeType().name().toLowerCase() + " " + found);
    }
}
