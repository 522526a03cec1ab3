package dev.graft.eval;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.graft.core.data.NliBatch;
import dev.graft.core.model.encoder.EncoderOutput;
import dev.graft.core.model.encoder.PretrainedEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link Predictor} over a sequence-classification encoder (BERT, RoBERTa, DistilBERT). */
public final class EncoderPredictor implements Predictor {
    private final PretrainedEncoder encoder;
    private final List<String> labels;
    private final String where;

    /** @param where the model directory, for error messages */
    public EncoderPredictor(PretrainedEncoder encoder, String where) {
        this.encoder = encoder;
        this.where = where;
        this.labels = labelsOf(encoder.config().id2label(), where);
    }

    /** id2label as a list by class index; the indices must be 0 … n-1. */
    static List<String> labelsOf(Map<Integer, String> id2label, String where) {
        if (id2label == null || id2label.isEmpty()) {
            throw new IllegalArgumentException(where + "/config.json: no id2label; cannot tell which class is which label");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < id2label.size(); i++) {
            String name = id2label.get(i);
            if (name == null) {
                throw new IllegalArgumentException(where + "/config.json: id2label " + id2label
                        + " does not number its classes 0.." + (id2label.size() - 1));
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public float[][] logits(NliBatch batch) {
        try (NDManager m = encoder.manager().newSubManager()) {
            NDList in = batch.toNDList(m);
            EncoderOutput out = encoder.forward(in.get(0), in.get(1), in.get(2));
            if (out.logits() == null) {
                throw new IllegalStateException(where + ": the checkpoint has no classification head (classifier.*)");
            }
            float[] flat = out.logits().toFloatArray(); // (B, labels)
            int b = batch.size();
            int c = flat.length / b;
            if (c != labels.size()) {
                throw new IllegalStateException(where + ": the head gives " + c + " logits but id2label names "
                        + labels.size() + " classes");
            }
            float[][] rows = new float[b][c];
            for (int i = 0; i < b; i++) {
                System.arraycopy(flat, i * c, rows[i], 0, c);
            }
            return rows;
        }
    }

    public PretrainedEncoder encoder() {
        return encoder;
    }

    /** Parameters of the model, frozen or not. */
    public long parameterCount() {
        long n = 0;
        for (Pair<String, Parameter> p : encoder.model().getParameters()) {
            n += p.getValue().getArray().getShape().size();
        }
        return n;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
