package dev.graft.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams a jsonl file of {@code {"prompt": …, "completion": …}} rows (gzip or not), one row in memory
 * at a time. A malformed row stops reading with an error naming {@code file:line} and the field.
 */
public final class PromptCompletionReader implements Iterator<PromptCompletion>, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final LineCursor cursor;
    private PromptCompletion next;

    private PromptCompletionReader(Path file) {
        this.file = file;
        this.cursor = LineCursor.open(file);
    }

    public static PromptCompletionReader open(Path file) {
        return new PromptCompletionReader(file);
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public PromptCompletion next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        PromptCompletion out = next;
        next = null;
        return out;
    }

    private PromptCompletion read() {
        String line = cursor.nextNonBlank();
        if (line == null) {
            return null;
        }
        String where = file + ":" + cursor.line();
        JsonNode row;
        try {
            row = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new NliDataException(where + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (!row.isObject()) {
            throw new NliDataException(where + ": expected a JSON object with 'prompt' and 'completion'");
        }
        return new PromptCompletion(text(row, "prompt", where), text(row, "completion", where), where);
    }

    private static String text(JsonNode row, String field, String where) {
        JsonNode n = row.get(field);
        if (n == null || n.isNull()) {
            throw new NliDataException(where + ": field '" + field + "' is missing");
        }
        if (!n.isTextual()) {
            throw new NliDataException(where + ": field '" + field + "' must be a string, found " + n.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        return n.asText();
    }

    @Override
    public void close() {
        cursor.close();
    }
}
