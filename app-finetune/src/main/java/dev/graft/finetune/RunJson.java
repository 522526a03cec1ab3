package dev.graft.finetune;

import dev.graft.core.io.IoReason;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A run's {@code run.json} and the number fields of it and of {@code metrics.jsonl}. */
final class RunJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private RunJson() {}

    /** {@code v}, or null where it is NaN or infinite (JSON has no such numbers). */
    static void putFinite(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    /** {@code out/run.json}, pretty-printed and synced. */
    static void write(Path out, ObjectNode n) {
        Path file = out.resolve("run.json");
        try {
            CheckpointStore.writeSynced(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + IoReason.of(e), e);
        }
    }
}
