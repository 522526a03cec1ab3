package dev.graft.core.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Lines of a text file, gzip or not, with their 1-based numbers: one line in memory at a time.
 * Gzip is recognised by its magic bytes, not the file name, so {@code train.jsonl} that is really
 * compressed still reads.
 */
final class LineCursor implements AutoCloseable {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private final Path file;
    private final BufferedReader reader;
    private long line;

    private LineCursor(Path file, BufferedReader reader) {
        this.file = file;
        this.reader = reader;
    }

    static LineCursor open(Path file) {
        if (!Files.exists(file)) {
            throw new NliDataException(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new NliDataException(file + ": is a directory, expected an NLI data file");
        }
        InputStream in = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            if (b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return new LineCursor(file, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16));
        } catch (NoSuchFileException e) {
            throw new NliDataException(file + ": no such file");
        } catch (IOException e) {
            closeQuietly(in);
            throw new NliDataException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** The next line without its terminator (a trailing CR from Windows files is dropped), or null at the end. */
    String next() {
        String s;
        try {
            s = reader.readLine();
        } catch (IOException e) {
            // A truncated gzip stream ends here ("Unexpected end of ZLIB input stream").
            throw new NliDataException(file + ":" + (line + 1) + ": cannot read: " + e.getMessage());
        }
        if (s == null) {
            return null;
        }
        line++;
        if (line == 1 && !s.isEmpty() && s.charAt(0) == '\uFEFF') {
            s = s.substring(1); // byte-order mark written by some CSV exporters
        }
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** The next line holding anything but white space, or null at the end. */
    String nextNonBlank() {
        String s;
        do {
            s = next();
        } while (s != null && s.isBlank());
        return s;
    }

    /** Number of the line {@link #next} returned last. */
    long line() {
        return line;
    }

    Path file() {
        return file;
    }

    /** {@code file:line} of the line returned last. */
    String where() {
        return where(line);
    }

    String where(long lineNumber) {
        return file + ":" + lineNumber;
    }

    @Override
    public void close() {
        closeQuietly(reader);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Nothing useful to do: the data were read or the error was already reported.
            }
        }
    }
}
