package dev.graft.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams a jsonl file of {@code {"prompt": …, "completion": …}} rows (gzip or not), one row in memory
 * at a time. A malformed row stops reading with an error naming {@code file:line} and the field.
 */
public final class PromptCompletionReader implements Iterator<PromptCompletion>, AutoCloseable {
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
        JsonNode row = DataJson.object(line, where, "'prompt' and 'completion'");
        return new PromptCompletion(DataJson.text(row, "prompt", where), DataJson.text(row, "completion", where), where);
    }

    @Override
    public void close() {
        cursor.close();
    }
}
