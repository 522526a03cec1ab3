package dev.graft.core.data;

import dev.graft.core.testing.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** Helpers shared by the data tests: fixture paths, reading whole (small) files, writing crafted ones. */
final class NliData {
    private NliData() {}

    static Path fixture(String name) {
        return Fixtures.path("nli/" + name);
    }

    static List<NliExample> readAll(Path file, ReadOptions options) {
        try (Stream<NliExample> s = NliReader.stream(file, options)) {
            return s.collect(Collectors.toList());
        }
    }

    static List<NliExample> readAll(Path file) {
        return readAll(file, ReadOptions.defaults());
    }

    /** Reads to the end and returns the counts. */
    static ReadCounts count(Path file, ReadOptions options) {
        try (NliReader r = NliReader.open(file, options)) {
            r.forEachRemaining(e -> { });
            return r.counts();
        }
    }

    static Path write(Path file, String... lines) {
        try {
            return Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path gzip(Path file, String... lines) {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SNLI jsonl row with the given gold label and sentences and every other field SNLI has. */
    static String snliRow(String gold, String s1, String s2) {
        return "{\"annotator_labels\": [\"" + gold + "\"], \"captionID\": \"1.jpg#0\", \"gold_label\": \"" + gold
                + "\", \"pairID\": \"1.jpg#0r1e\", \"sentence1\": \"" + s1 + "\", \"sentence1_binary_parse\": \"( x )\","
                + " \"sentence1_parse\": \"(ROOT (NN x))\", \"sentence2\": \"" + s2
                + "\", \"sentence2_binary_parse\": \"( y )\", \"sentence2_parse\": \"(ROOT (NN y))\"}";
    }
}
