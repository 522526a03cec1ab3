package dev.graft.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one Jackson mapper the data package shares: mappers are costly to build and thread-safe to use. */
public final class DataJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    /** For statistics printed to people: indented. */
    public static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DataJson() {}

    /** One jsonl row as a JSON object; otherwise an error at {@code where} that says it should hold {@code fields}. */
    static JsonNode object(String line, String where, String fields) {
        JsonNode row;
        try {
            row = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new NliDataException(where + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (!row.isObject()) {
            throw new NliDataException(where + ": expected a JSON object with " + fields);
        }
        return row;
    }

    /** The string {@code field} of a row; a missing or non-string field is an error at {@code where}. */
    static String text(JsonNode row, String field, String where) {
        JsonNode n = row.get(field);
        if (n == null || n.isNull()) {
            throw new NliDataException(where + ": field '" + field + "' is missing");
        }
        if (!n.isTextual()) {
            throw new NliDataException(where + ": field '" + field + "' must be a string, found " + kind(n));
        }
        return n.asText();
    }

    /** The JSON type of {@code n} as messages name it: string, number, array … */
    static String kind(JsonNode n) {
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
