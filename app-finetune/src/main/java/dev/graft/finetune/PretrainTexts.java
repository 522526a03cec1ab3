package dev.graft.finetune;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.core.data.NliDataException;
import dev.graft.core.data.NliExample;
import dev.graft.core.data.NliFormat;
import dev.graft.core.data.NliReader;
import dev.graft.core.data.ReadOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import dev.graft.core.io.InputFile;

/**
 * The texts pretraining reads: each row of an NLI file (any format {@code graft data} reads, detected
 * from the first line) as a premise/hypothesis pair, so segment embeddings are learnt for the pairs
 * fine-tuning will see; any other file as plain text, one text per non-blank line.
 */
final class PretrainTexts {
    /** One text, or a pair when {@code second} is not null. */
    record Text(String first, String second) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private PretrainTexts() {}

    static List<Text> read(Path file) {
        InputFile.problem(file, "an NLI data file or a text file, one text per line").ifPresent(m -> {
            throw new IllegalArgumentException(m);
        });
        List<String> lines = lines(file);
        String first = lines.stream().filter(l -> !l.isBlank()).findFirst().orElse(null);
        if (first == null) {
            throw new IllegalArgumentException(file + ": no text to pretrain on (" + lines.size()
                    + " lines, none with text)");
        }
        boolean nli;
        try {
            NliFormat.detect(first, file.toString());
            nli = true;
        } catch (NliDataException e) {
            if (isJsonObject(first)) {
                // JSON lines of another layout would be learnt as text, braces and field names included.
                throw new IllegalArgumentException(e.withoutFormatHint() + ". Pretraining reads an NLI file in one of"
                        + " those layouts or plain text, one text per line; extract the texts of " + file
                        + " into a text file first");
            }
            nli = false; // not an NLI layout: plain text
        }
        List<Text> out = new ArrayList<>();
        if (nli) {
            try (Stream<NliExample> rows = NliReader.stream(file, ReadOptions.defaults())) {
                rows.forEach(r -> out.add(new Text(r.premise(), r.hypothesis())));
            }
        } else {
            lines.stream().filter(l -> !l.isBlank()).forEach(l -> out.add(new Text(l.strip(), null)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no text to pretrain on (an NLI file without usable rows)");
        }
        return out;
    }

    private static boolean isJsonObject(String line) {
        String t = line.strip();
        if (!t.startsWith("{")) {
            return false;
        }
        try {
            return JSON.readTree(t).isObject();
        } catch (IOException e) {
            return false; // text that opens with a brace
        }
    }

    private static List<String> lines(Path file) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(file.toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file), StandardCharsets.UTF_8))) {
            return r.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            // lines() wraps a read failure, e.g. a truncated gzip stream (EOFException), whose name would show
            IOException cause = e.getCause();
            String why = cause instanceof java.io.EOFException || cause instanceof java.util.zip.ZipException
                    ? "gzip data is truncated or corrupt (" + cause.getMessage() + ")" : cause.getMessage();
            throw new UncheckedIOException(file + ": cannot read: " + why, cause);
        }
    }
}
