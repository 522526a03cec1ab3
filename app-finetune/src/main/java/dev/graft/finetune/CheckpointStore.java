package dev.graft.finetune;

import dev.graft.core.io.FileTrees;
import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.io.SafetensorsWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Training checkpoints under {@code DIR/step-NNNNNNNN/}: {@code weights.safetensors} (the trainable
 * parameters by path), {@code optimizer.safetensors} (AdamW moments) and {@code state.json} (steps, data
 * position, best metric, schedule, and the size and CRC-32 of both tensor files).
 *
 * <p>A checkpoint is written into a temporary directory, every file forced to disk, and the directory
 * renamed into place, so a kill at any moment leaves either the whole checkpoint or none. Loading checks
 * sizes and checksums and falls back to the previous checkpoint, with a warning naming the damaged one.
 */
public final class CheckpointStore {
    static final String WEIGHTS = "weights.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String STATE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int keep;
    private final PrintStream warnings;

    /** @param keep how many of the newest checkpoints to keep (the best one is kept besides) */
    public CheckpointStore(Path dir, int keep, PrintStream warnings) {
        if (keep < 1) {
            throw new IllegalArgumentException("checkpoints to keep must be >= 1, got " + keep);
        }
        this.dir = dir;
        this.keep = keep;
        this.warnings = warnings;
    }

    /** A checkpoint read back: state, optimizer step, weights and moments by name. */
    public record Loaded(Path path, TrainState state, long optimizerSteps, Map<String, float[]> weights,
            Map<String, float[]> moments, JsonNode extra) {}

    public Path dir() {
        return dir;
    }

    /** Writes the checkpoint of {@code state}, then deletes old ones beyond {@code keep} (never the best). */
    public Path save(TrainState state, List<TrainableParameter> params, AdamW optimizer, ObjectNode extra) {
        String name = name(state.step());
        Path target = dir.resolve(name);
        Path tmp = dir.resolve("." + name + ".tmp");
        try {
            Files.createDirectories(dir);
            FileTrees.delete(tmp);
            Files.createDirectories(tmp);
            Map<String, NDArray> weights = new LinkedHashMap<>();
            params.forEach(p -> weights.put(p.path(), p.array()));
            SafetensorsWriter.write(tmp.resolve(WEIGHTS), weights, Map.of("format", "pt"));
            SafetensorsWriter.write(tmp.resolve(OPTIMIZER), optimizer.state(), Map.of("step", Long.toString(optimizer.steps())));
            ObjectNode root = JSON.createObjectNode();
            writeState(root, state);
            root.put("optimizer_step", optimizer.steps());
            root.set("extra", extra);
            ObjectNode files = root.putObject("files");
            for (String f : List.of(WEIGHTS, OPTIMIZER)) {
                ObjectNode n = files.putObject(f);
                n.put("bytes", Files.size(tmp.resolve(f)));
                n.put("crc32", crc(tmp.resolve(f)));
            }
            writeSynced(tmp.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            FileTrees.delete(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
        rotate(state.bestStep());
        return target;
    }

    /** The newest checkpoint that reads back whole; damaged ones are named on the warning stream and skipped. */
    public Optional<Loaded> latestValid() {
        for (Path p : checkpoints()) {
            try {
                return Optional.of(read(p));
            } catch (IOException | RuntimeException e) {
                warnings.println("warning: checkpoint " + p + " is damaged (" + e.getMessage()
                        + "); falling back to the previous one");
            }
        }
        return Optional.empty();
    }

    /** Checkpoint directories, newest first. */
    public List<Path> checkpoints() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>(s.filter(p -> p.getFileName().toString().matches("step-\\d+")).toList());
            out.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Loaded read(Path p) throws IOException {
        JsonNode root = JSON.readTree(p.resolve(STATE).toFile());
        if (root == null || !root.has("files")) {
            throw new IOException(STATE + " is empty or incomplete");
        }
        for (String f : List.of(WEIGHTS, OPTIMIZER)) {
            JsonNode expect = root.get("files").get(f);
            long size = Files.size(p.resolve(f));
            if (expect == null || size != expect.get("bytes").asLong()) {
                throw new IOException(f + " has " + size + " bytes, expected " + (expect == null ? "?" : expect.get("bytes")));
            }
            if (crc(p.resolve(f)) != expect.get("crc32").asLong()) {
                throw new IOException(f + " fails its CRC-32 check");
            }
        }
        return new Loaded(p, readState(root), root.get("optimizer_step").asLong(), floats(p.resolve(WEIGHTS)),
                floats(p.resolve(OPTIMIZER)), root.get("extra"));
    }

    private static Map<String, float[]> floats(Path file) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String n : f.names()) {
                out.put(n, f.readFloats(n));
            }
        }
        return out;
    }

    private void rotate(long bestStep) {
        List<Path> all = checkpoints();
        int kept = 0;
        for (Path p : all) {
            if (kept < keep) {
                kept++;
            } else if (!p.getFileName().toString().equals(name(bestStep))) {
                FileTrees.delete(p);
            }
        }
    }

    static String name(long step) {
        return String.format(Locale.ROOT, "step-%08d", step);
    }

    private static void writeState(ObjectNode n, TrainState s) {
        n.put("step", s.step());
        n.put("epoch", s.epoch());
        n.put("batch_index", s.batchIndex());
        putDouble(n, "best_metric", s.bestMetric());
        n.put("best_step", s.bestStep());
        putDouble(n, "best_accuracy", s.bestAccuracy());
        n.put("evals_without_gain", s.evalsWithoutGain());
        n.put("skipped_steps", s.skippedSteps());
        n.put("stopped", s.stopped());
    }

    private static TrainState readState(JsonNode n) {
        return new TrainState(n.get("step").asLong(), n.get("epoch").asInt(), n.get("batch_index").asInt(),
                getDouble(n, "best_metric"), n.get("best_step").asLong(), getDouble(n, "best_accuracy"),
                n.get("evals_without_gain").asInt(), n.get("skipped_steps").asLong(), n.get("stopped").asBoolean());
    }

    private static void putDouble(ObjectNode n, String k, double v) {
        if (Double.isNaN(v)) {
            n.putNull(k);
        } else {
            n.put(k, v);
        }
    }

    private static double getDouble(JsonNode n, String k) {
        JsonNode v = n.get(k);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    private static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                crc.update(buf, 0, r);
            }
        }
        return crc.getValue();
    }

    static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    static void syncDirectory(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort, as in SafetensorsWriter
        }
    }
}
