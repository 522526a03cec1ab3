package dev.graft.serve;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/** Request bodies (size-limited, parsed with field-naming errors) and error bodies. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final Pattern SOURCE = Pattern.compile("start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)\\]");

    private Json() {}

    /** The body as JSON: 413 beyond 1 MiB, 400 when it is not one JSON value. */
    static JsonNode body(Context ctx) {
        String length = ctx.header("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
                    throw tooLarge(ctx);
                }
            } catch (NumberFormatException e) {
                throw new ApiException(400, "invalid_request_error", null, "Content-Length is not a number: " + length);
            }
        }
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new ApiException(400, "invalid_request_error", null, "cannot read the request body: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge(ctx);
        }
        if (bytes.length == 0) {
            throw new ApiException(400, "invalid_request_error", null, "the request body is empty; send a JSON object");
        }
        try {
            return parse(bytes);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "invalid_request_error", null, "invalid JSON: " + problem(e));
        } catch (IOException e) {
            throw new ApiException(400, "invalid_request_error", null, "cannot read the request body: " + e.getMessage());
        }
    }

    /**
     * Exactly one JSON value. {@code readTree(bytes)} alone reads the first value and ignores what follows
     * ({@code {...} garbage}, two objects back to back), so a client's broken body would be half served.
     * Jackson's FAIL_ON_TRAILING_TOKENS refuses those in its internals' words (the bound Java type, the
     * feature's name), and trailing text that is no JSON token only as an "Unrecognized token"; so the
     * parser is asked for one more token here and the refusal says where the value ended.
     */
    private static JsonNode parse(byte[] bytes) throws IOException {
        try (JsonParser parser = MAPPER.createParser(bytes)) {
            JsonNode value = MAPPER.readTree(parser);
            if (value == null) {
                // Whitespace only: readTree(bytes) makes that a MissingNode, which the routes took for an object.
                throw new ApiException(400, "invalid_request_error", null, "the request body holds only whitespace; send a JSON object");
            }
            JsonLocation end = parser.currentLocation();
            boolean more;
            try {
                more = parser.nextToken() != null;
            } catch (JsonProcessingException e) {
                more = true;
            }
            if (more) {
                throw new ApiException(400, "invalid_request_error", null, "invalid JSON: more text after the JSON value,"
                        + " which ends at line " + end.getLineNr() + ", column " + (end.getColumnNr() - 1)
                        + "; send one JSON value per request");
            }
            return value;
        }
    }

    /**
     * The 413 for an oversized body. The rest of the body is read and dropped first (up to 64 MiB):
     * a client still sending when the connection closes would see a broken pipe instead of the 413.
     */
    private static ApiException tooLarge(Context ctx) {
        try (InputStream in = ctx.bodyInputStream()) {
            long left = 64L << 20;
            byte[] sink = new byte[64 << 10];
            int n;
            while (left > 0 && (n = in.read(sink)) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client gave up; nothing to drain
        }
        return new ApiException(413, "request_too_large", null, "the request body exceeds " + MAX_BODY_BYTES + " bytes (1 MiB)");
    }

    static ObjectNode requireObject(JsonNode node, String param) {
        if (node == null || !node.isObject()) {
            throw ApiException.invalid(param, (param == null ? "the body" : param) + " must be a JSON object, got " + kind(node));
        }
        return (ObjectNode) node;
    }

    /** A string field, or null when absent or null and not required. */
    static String string(JsonNode obj, String field, String param, boolean required) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.invalid(param, param + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.invalid(param, param + " must be a string, got " + kind(v));
        }
        return v.asText();
    }

    static Integer integer(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw ApiException.invalid(field, field + " must be an integer, got " + kind(v));
        }
        return v.intValue();
    }

    static Long longValue(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiException.invalid(field, field + " must be an integer, got " + kind(v));
        }
        return v.longValue();
    }

    static Float number(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw ApiException.invalid(field, field + " must be a number, got " + kind(v));
        }
        return v.floatValue();
    }

    static boolean bool(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw ApiException.invalid(field, field + " must be true or false, got " + kind(v));
        }
        return v.booleanValue();
    }

    /**
     * What is wrong with unparsable JSON and where, in Jackson's words less its internals: an unclosed object or
     * array names where it opened as "[Source: REDACTED (`StreamReadFeature...` disabled); line: 1, column: 1]".
     */
    static String problem(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        m = SOURCE.matcher(m).replaceAll("opened at line $1, column $2");
        return e.getLocation() == null ? m : m + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    static String kind(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        return v.isArray() ? "an array" : "an object";
    }

    /** OpenAI's error shape. */
    static ObjectNode error(String message, String type, String param) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", message).put("type", type);
        if (param == null) {
            e.putNull("param");
        } else {
            e.put("param", param);
        }
        return root;
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
