package dev.graft.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.data.NliBatch;
import dev.graft.core.data.NliLabel;
import dev.graft.core.io.JsonLinesWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code predictions.jsonl}: one line per scored pair, {@code {"section", "id", "gold", "predicted",
 * "probabilities": {label: p}}}, flushed after every batch so an interrupted run keeps what it scored.
 */
final class PredictionWriter implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonLinesWriter out;

    private PredictionWriter(JsonLinesWriter out) {
        this.out = out;
    }

    static PredictionWriter open(Path file) {
        return new PredictionWriter(JsonLinesWriter.create(file));
    }

    /** Writes the last {@code batch.size()} rows of {@code pass}, then flushes. */
    void write(String section, NliBatch batch, Pass pass, List<NliLabel> classes) {
        int first = pass.size() - batch.size();
        for (int i = 0; i < batch.size(); i++) {
            int row = first + i;
            ObjectNode line = JSON.createObjectNode();
            line.put("section", section);
            line.put("id", batch.examples().get(i).id());
            line.put("gold", classes.get(pass.goldAt(row)).label());
            line.put("predicted", classes.get(pass.predictedAt(row)).label());
            ObjectNode p = line.putObject("probabilities");
            double[] probs = pass.probsAt(row);
            for (int k = 0; k < classes.size(); k++) {
                p.put(classes.get(k).label(), Math.round(probs[k] * 1e6) / 1e6);
            }
            out.write(line);
        }
        out.flush();
    }

    @Override
    public void close() {
        out.close();
    }
}
