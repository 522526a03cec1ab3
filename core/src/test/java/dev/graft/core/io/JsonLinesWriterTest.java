package dev.graft.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void createReplacesAppendKeepsAndFlushMakesLinesVisible(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("m.jsonl");
        Files.writeString(f, "{\"old\":1}\n");
        try (JsonLinesWriter w = JsonLinesWriter.create(f)) {
            w.write(JSON.createObjectNode().put("step", 1));
            w.flush();
            assertThat(Files.readAllLines(f)).containsExactly("{\"step\":1}");
        }
        try (JsonLinesWriter w = JsonLinesWriter.append(f)) {
            w.write(JSON.createObjectNode().put("step", 2));
        }
        assertThat(Files.readAllLines(f)).containsExactly("{\"step\":1}", "{\"step\":2}");
    }
}
