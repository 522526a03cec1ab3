package dev.graft.core.data;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON lines: one object per line, blank lines ignored. */
final class JsonlSource implements RowSource {
    private final LineCursor lines;
    private String pending;
    private long pendingLine;

    JsonlSource(LineCursor lines, String firstLine) {
        this.lines = lines;
        this.pending = firstLine;
        this.pendingLine = lines.line();
    }

    @Override
    public RawRow next() {
        String text;
        long line;
        if (pending != null) {
            text = pending;
            line = pendingLine;
            pending = null;
        } else {
            text = lines.nextNonBlank();
            line = lines.line();
        }
        if (text == null) {
            return null;
        }
        String where = lines.where(line);
        JsonNode node;
        try {
            node = DataJson.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new NliDataException(where + ": not valid JSON: " + e.getOriginalMessage(), SkipReason.BAD_JSON);
        }
        if (!node.isObject()) {
            throw new NliDataException(where + ": expected a JSON object, found " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT),
                    SkipReason.BAD_JSON);
        }
        return new JsonRow(where, line, node);
    }

    private record JsonRow(String where, long line, JsonNode node) implements RawRow {
        @Override
        public String text(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw wrongType(field, "a string", v);
            }
            return v.asText();
        }

        @Override
        public String textOrInteger(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual() && !(v.isIntegralNumber() && v.canConvertToInt())) {
                throw wrongType(field, "a string or an integer", v);
            }
            return v.asText();
        }

        private NliDataException wrongType(String field, String expected, JsonNode found) {
            return new NliDataException(where + ": field '" + field + "': expected " + expected + ", found "
                    + found, SkipReason.BAD_FIELD);
        }
    }
}
