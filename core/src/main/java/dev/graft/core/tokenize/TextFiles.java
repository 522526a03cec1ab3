package dev.graft.core.tokenize;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Errors about text inputs that point at the line to fix. */
public final class TextFiles {
    private TextFiles() {}

    /**
     * The error for a file a UTF-8 reader refused. A buffered reader decodes thousands of characters
     * ahead of the line it returns, so the failing line is found again here by decoding line by line.
     */
    public static TokenizerException notUtf8(Path file, CharacterCodingException cause) {
        long line = firstBadLine(file);
        return new TokenizerException(file + ": not UTF-8 text" + (line > 0 ? " at line " + line : "")
                + " (convert it, e.g. iconv -f latin1 -t utf-8)", cause);
    }

    /** The 1-based number of the first line that is not valid UTF-8, or 0 when none is (or the file is unreadable). */
    static long firstBadLine(Path file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long number = 1;
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b < 0) {
                    try {
                        decoder.reset().decode(ByteBuffer.wrap(line.toByteArray()));
                    } catch (CharacterCodingException e) {
                        return number;
                    }
                    if (b < 0) {
                        return 0;
                    }
                    line.reset();
                    number++;
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            return 0;
        }
    }
}
