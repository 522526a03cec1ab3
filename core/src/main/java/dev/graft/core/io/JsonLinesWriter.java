package dev.graft.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@code .jsonl} file written one JSON object per line (metrics, predictions). Callers flush at the
 * points where a killed run must find the lines so far on disk.
 */
public final class JsonLinesWriter implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;

    private JsonLinesWriter(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** A new, empty file (replacing any). */
    public static JsonLinesWriter create(Path file) {
        return open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    /** Lines added after what {@code file} already holds (created if missing). */
    public static JsonLinesWriter append(Path file) {
        return open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    private static JsonLinesWriter open(Path file, StandardOpenOption... options) {
        try {
            return new JsonLinesWriter(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, options));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + IoReason.of(e), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Appends one line (buffered). */
    public void write(JsonNode line) {
        try {
            out.write(JSON.writeValueAsString(line));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + IoReason.of(e), e);
        }
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + IoReason.of(e), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
