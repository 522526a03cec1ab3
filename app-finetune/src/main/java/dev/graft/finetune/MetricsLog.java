package dev.graft.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.io.JsonLinesWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl}: one JSON object per logged step ({@code "type":"step"}) and per evaluation
 * ({@code "type":"eval"}), flushed line by line. On resume, records after the checkpoint's step are
 * dropped so the file reads as if the run had never stopped. The records are kept in memory for the plot.
 */
public final class MetricsLog implements TrainListener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final JsonLinesWriter out;
    private final List<JsonNode> records = new ArrayList<>();

    /** Opens {@code file}, keeping existing records up to {@code keepUpToStep} (use -1 for a fresh file). */
    public MetricsLog(Path file, long keepUpToStep) {
        this.file = file;
        try {
            if (keepUpToStep >= 0 && Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    try {
                        JsonNode n = JSON.readTree(line);
                        if (n != null && n.has("step") && n.get("step").asLong() <= keepUpToStep) {
                            records.add(n);
                        }
                    } catch (IOException e) {
                        // a half-written last line from a killed run
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        out = JsonLinesWriter.create(file);
        records.forEach(out::write);
        out.flush();
    }

    public Path file() {
        return file;
    }

    public List<JsonNode> records() {
        return List.copyOf(records);
    }

    @Override
    public void onStep(StepRecord s) {
        if (!s.logged()) {
            return;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "step");
        n.put("step", s.step());
        n.put("epoch", s.epoch());
        RunJson.putFinite(n, "loss", s.loss());
        n.put("lr", s.lr());
        RunJson.putFinite(n, "grad_norm", s.gradNorm());
        n.put("examples", s.examples());
        n.put("examples_per_s", Math.round(s.examplesPerSecond() * 10) / 10.0);
        n.put("skipped", s.skipped());
        write(n);
    }

    @Override
    public void onEval(EvalRecord e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "eval");
        n.put("step", e.step());
        n.put("epoch", e.epoch());
        RunJson.putFinite(n, "loss", e.loss());
        RunJson.putFinite(n, "accuracy", e.accuracy());
        n.put("examples", e.examples());
        e.extra().forEach((k, v) -> RunJson.putFinite(n, k, v));
        write(n);
    }


    private void write(ObjectNode n) {
        records.add(n);
        out.write(n);
        out.flush();
    }

    @Override
    public void close() {
        out.close();
    }
}
