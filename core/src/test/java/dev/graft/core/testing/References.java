package dev.graft.core.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.model.encoder.EncoderOutput;
import dev.graft.core.model.encoder.PretrainedEncoder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Runs an encoder on a fixture's stored inputs and measures how far it is from the stored outputs. */
public final class References {
    /** Keys of reference.safetensors that are inputs, not outputs. */
    public static final Set<String> INPUTS = Set.of("input_ids", "attention_mask", "token_type_ids");

    private References() {}

    /** The HF output names of an encoder output that has them. */
    public static Map<String, NDArray> outputs(EncoderOutput out) {
        Map<String, NDArray> ours = new HashMap<>();
        ours.put("last_hidden_state", out.lastHiddenState());
        ours.put("embedding_output", out.embeddingOutput());
        if (out.poolerOutput() != null) {
            ours.put("pooler_output", out.poolerOutput());
        }
        if (out.logits() != null) {
            ours.put("logits", out.logits());
        }
        return ours;
    }

    /**
     * Max |ours − reference| of every output stored in {@code reference} (a reference.safetensors),
     * over real tokens only for per-token outputs. An output the model does not produce is infinitely far.
     */
    public static Map<String, Double> diffs(Map<String, NDArray> ours, Path reference, NDManager m) {
        Map<String, Double> diffs = new TreeMap<>();
        try (SafetensorsFile ref = SafetensorsFile.open(reference)) {
            NDArray mask = ref.load("attention_mask", m);
            for (String name : ref.names()) {
                if (INPUTS.contains(name)) {
                    continue;
                }
                NDArray expected = ref.load(name, m);
                NDArray actual = ours.get(name);
                diffs.put(name, actual == null ? Double.POSITIVE_INFINITY
                        : expected.getShape().dimension() == 3
                                ? Fixtures.maxAbsDiffMasked(actual, expected, mask)
                                : Fixtures.maxAbsDiff(actual, expected));
            }
        }
        return diffs;
    }

    /** Runs {@code model} on the inputs of {@code fixtureDir}/reference.safetensors and returns {@link #diffs}. */
    public static Map<String, Double> diffs(PretrainedEncoder model, Path fixtureDir) {
        Path reference = fixtureDir.resolve("reference.safetensors");
        try (NDManager m = model.manager().newSubManager();
                SafetensorsFile ref = SafetensorsFile.open(reference)) {
            NDArray types = ref.names().contains("token_type_ids") && model.model().spec().typeVocabSize() > 0
                    ? ref.load("token_type_ids", m)
                    : null;
            EncoderOutput out = model.forward(ref.load("input_ids", m), ref.load("attention_mask", m), types);
            return diffs(outputs(out), reference, m);
        }
    }
}
