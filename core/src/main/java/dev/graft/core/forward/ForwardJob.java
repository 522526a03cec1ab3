package dev.graft.core.forward;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.io.SafetensorsWriter;
import dev.graft.core.model.encoder.EncoderOutput;
import dev.graft.core.model.encoder.EncoderSpec;
import dev.graft.core.model.encoder.PretrainedEncoder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code graft forward}: runs an imported model on stored inputs and writes its outputs, so a user
 * can compare them with their own Python outputs key by key.
 */
public final class ForwardJob {
    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";

    private ForwardJob() {}

    public static ForwardResult run(ForwardRequest request) {
        Device device = GraftEngine.resolve(request.device());
        try (PretrainedEncoder model = PretrainedEncoder.load(request.model(), device, request.allowUnexpected());
                NDManager manager = model.manager().newSubManager();
                SafetensorsFile in = SafetensorsFile.open(request.inputs())) {
            EncoderSpec spec = model.model().spec();
            NDArray ids = ids(in, INPUT_IDS, manager, request.inputs(), null, spec.vocabSize());
            NDArray mask = in.names().contains(ATTENTION_MASK)
                    ? ids(in, ATTENTION_MASK, manager, request.inputs(), ids, 2)
                    : null;
            NDArray types = null;
            if (in.names().contains(TOKEN_TYPE_IDS)) {
                if (spec.typeVocabSize() == 0) {
                    throw new IllegalArgumentException(request.inputs() + ": holds token_type_ids but "
                            + model.config().modelType() + " has no token types");
                }
                types = ids(in, TOKEN_TYPE_IDS, manager, request.inputs(), ids, spec.typeVocabSize());
            }
            long start = System.nanoTime();
            EncoderOutput out = model.forward(ids, mask, types);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, NDArray> outputs = new LinkedHashMap<>();
            outputs.put("last_hidden_state", out.lastHiddenState());
            outputs.put("embedding_output", out.embeddingOutput());
            if (out.poolerOutput() != null) {
                outputs.put("pooler_output", out.poolerOutput());
            }
            if (out.logits() != null) {
                outputs.put("logits", out.logits());
            }
            Map<String, NDArray> onCpu = new LinkedHashMap<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            outputs.forEach((k, v) -> {
                onCpu.put(k, v.toDevice(Device.cpu(), false));
                shapes.put(k, v.getShape().getShape());
            });
            SafetensorsWriter.write(request.output(), onCpu, Map.of("format", "pt", "model_type", model.config().modelType()));
            Map<String, Double> diffs = request.reference() == null
                    ? Map.of()
                    : compare(request.reference(), outputs, mask, manager);
            return new ForwardResult(model.config().modelType(), shapes, seconds, diffs, request.tolerance());
        }
    }

    /**
     * Max |ours − reference| for each of our outputs the reference holds. Where an output has a
     * sequence axis, padded positions are left out: their values are unspecified.
     */
    private static Map<String, Double> compare(Path reference, Map<String, NDArray> outputs, NDArray mask, NDManager m) {
        Map<String, Double> diffs = new LinkedHashMap<>();
        try (SafetensorsFile ref = SafetensorsFile.open(reference)) {
            for (Map.Entry<String, NDArray> e : outputs.entrySet()) {
                if (!ref.names().contains(e.getKey())) {
                    continue;
                }
                NDArray expected = ref.load(e.getKey(), m).toDevice(m.getDevice(), false);
                if (!expected.getShape().equals(e.getValue().getShape())) {
                    throw new IllegalArgumentException(reference + ": '" + e.getKey() + "' has shape "
                            + expected.getShape() + " but the model produced " + e.getValue().getShape());
                }
                NDArray diff = e.getValue().sub(expected).abs();
                if (mask != null && diff.getShape().dimension() >= 3) {
                    diff = diff.mul(mask.toType(DataType.FLOAT32, false).expandDims(-1));
                }
                diffs.put(e.getKey(), (double) diff.max().getFloat());
            }
        }
        if (diffs.isEmpty()) {
            throw new IllegalArgumentException(reference + ": holds none of the outputs " + outputs.keySet());
        }
        return diffs;
    }

    /** Reads an integer (B, T) input, checking its shape against input_ids and its values against a bound. */
    private static NDArray ids(SafetensorsFile in, String key, NDManager m, Path file, NDArray like, long bound) {
        if (!in.names().contains(key)) {
            throw new IllegalArgumentException(file + ": no tensor '" + key + "' (found " + in.names() + ")");
        }
        NDArray a = in.load(key, m);
        if (a.getDataType() != DataType.INT64 && a.getDataType() != DataType.INT32) {
            throw new IllegalArgumentException(file + ": '" + key + "' must be I64 or I32, found " + a.getDataType());
        }
        a = a.toType(DataType.INT64, false);
        if (a.getShape().dimension() != 2) {
            throw new IllegalArgumentException(file + ": '" + key + "' must be (batch, seq_len), found shape " + a.getShape());
        }
        if (like != null && !a.getShape().equals(like.getShape())) {
            throw new IllegalArgumentException(file + ": '" + key + "' has shape " + a.getShape()
                    + " but input_ids has " + like.getShape());
        }
        long min = a.min().getLong();
        long max = a.max().getLong();
        if (min < 0 || max >= bound) {
            throw new IllegalArgumentException(file + ": '" + key + "' holds values in [" + min + ", " + max
                    + "], outside [0, " + (bound - 1) + "]");
        }
        return a.toDevice(m.getDevice(), false);
    }
}
