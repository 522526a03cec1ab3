package dev.graft.core.forward;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.io.SafetensorsWriter;
import ai.djl.training.ParameterStore;
import dev.graft.core.config.ModelConfig;
import dev.graft.core.config.ModelConfigs;
import dev.graft.core.model.decoding.CausalLmOutput;
import dev.graft.core.model.encoder.EncoderOutput;
import dev.graft.core.model.encoder.EncoderTask;
import dev.graft.core.model.gpt2.Gpt2Config;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.model.t5.PretrainedT5;
import dev.graft.core.model.t5.T5Config;
import dev.graft.core.model.encoder.EncoderSpec;
import dev.graft.core.model.encoder.PretrainedEncoder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code graft forward}: runs an imported model on stored inputs and writes its outputs, so a user
 * can compare them with their own Python outputs key by key.
 */
public final class ForwardJob {
    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";
    public static final String DECODER_INPUT_IDS = "decoder_input_ids";

    private ForwardJob() {}

    public static ForwardResult run(ForwardRequest request) {
        Device device = GraftEngine.resolve(request.device());
        ModelConfig config = ModelConfigs.read(request.model());
        try (SafetensorsFile in = SafetensorsFile.open(request.inputs())) {
            if (config instanceof Gpt2Config) {
                try (PretrainedGpt2 gpt2 = PretrainedGpt2.load(request.model(), device, request.allowUnexpected());
                        NDManager m = gpt2.manager().newSubManager()) {
                    return finish(request, config, runGpt2(gpt2, in, m, request.inputs()), m);
                }
            }
            if (config instanceof T5Config) {
                try (PretrainedT5 t5 = PretrainedT5.load(request.model(), device, request.allowUnexpected());
                        NDManager m = t5.manager().newSubManager()) {
                    return finish(request, config, runT5(t5, in, m, request.inputs()), m);
                }
            }
            try (PretrainedEncoder enc = PretrainedEncoder.load(request.model(), device, request.allowUnexpected());
                    NDManager m = enc.manager().newSubManager()) {
                return finish(request, config, runEncoder(enc, in, m, request.inputs()), m);
            }
        }
    }

    /** Outputs by name, each with the (B, T) mask of its sequence axis (absent when all positions count). */
    private record Run(Map<String, NDArray> outputs, Map<String, NDArray> masks, double seconds) {}

    private static Run runEncoder(PretrainedEncoder model, SafetensorsFile in, NDManager manager, Path file) {
        EncoderSpec spec = model.model().spec();
        NDArray ids = ids(in, INPUT_IDS, manager, file, null, spec.vocabSize());
        NDArray mask = optionalMask(in, ATTENTION_MASK, manager, file, ids);
        NDArray types = null;
        if (in.names().contains(TOKEN_TYPE_IDS)) {
            if (spec.typeVocabSize() == 0) {
                throw new IllegalArgumentException(file + ": holds token_type_ids but "
                        + model.config().modelType() + " has no token types");
            }
            types = ids(in, TOKEN_TYPE_IDS, manager, file, ids, spec.typeVocabSize());
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
        return new Run(outputs, masked(mask, "last_hidden_state", "embedding_output",
                model.model().task() == EncoderTask.MASKED_LM ? "logits" : null), seconds);
    }

    private static Run runGpt2(PretrainedGpt2 gpt2, SafetensorsFile in, NDManager manager, Path file) {
        readsOnly(in, file, "gpt2", List.of(INPUT_IDS, ATTENTION_MASK));
        NDArray ids = ids(in, INPUT_IDS, manager, file, null, gpt2.config().vocabSize());
        NDArray mask = optionalMask(in, ATTENTION_MASK, manager, file, ids);
        long start = System.nanoTime();
        CausalLmOutput out = gpt2.forward(ids, mask);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, NDArray> outputs = new LinkedHashMap<>();
        outputs.put("last_hidden_state", out.hidden());
        outputs.put("logits", out.logits());
        return new Run(outputs, masked(mask, "last_hidden_state", "logits"), seconds);
    }

    /**
     * Refuses model inputs the family does not read. Ignoring them would differ from Hugging Face without
     * a word: its GPT-2 adds {@code wte(token_type_ids)} to the input, for one. Other tensors (a reference
     * file's outputs) are no inputs and stay allowed.
     */
    private static void readsOnly(SafetensorsFile in, Path file, String family, List<String> reads) {
        List<String> inputs = List.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS, DECODER_INPUT_IDS);
        List<String> unread = in.names().stream().filter(n -> inputs.contains(n) && !reads.contains(n)).sorted().toList();
        if (!unread.isEmpty()) {
            throw new IllegalArgumentException(file + ": holds " + unread + ", which " + family + " does not take here;"
                    + " it reads " + reads + ". Leave the others out");
        }
    }

    private static Run runT5(PretrainedT5 t5, SafetensorsFile in, NDManager manager, Path file) {
        if (!in.names().contains(DECODER_INPUT_IDS)) {
            throw new IllegalArgumentException(file + ": t5 needs '" + DECODER_INPUT_IDS + "' (found " + in.names() + ")");
        }
        readsOnly(in, file, "t5", List.of(INPUT_IDS, ATTENTION_MASK, DECODER_INPUT_IDS));
        int vocab = t5.config().vocabSize();
        NDArray ids = ids(in, INPUT_IDS, manager, file, null, vocab);
        NDArray mask = optionalMask(in, ATTENTION_MASK, manager, file, ids);
        NDArray decoderIds = ids(in, DECODER_INPUT_IDS, manager, file, null, vocab);
        if (decoderIds.getShape().get(0) != ids.getShape().get(0)) {
            throw new IllegalArgumentException(file + ": '" + DECODER_INPUT_IDS + "' has " + decoderIds.getShape().get(0)
                    + " rows but input_ids has " + ids.getShape().get(0));
        }
        ParameterStore ps = new ParameterStore(t5.manager(), false);
        long start = System.nanoTime();
        NDArray memory = t5.model().encode(ps, ids, mask, false);
        CausalLmOutput out = t5.model().decode(ps, decoderIds, memory, mask, null, false);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, NDArray> outputs = new LinkedHashMap<>();
        outputs.put("encoder_last_hidden_state", memory);
        outputs.put("logits", out.logits());
        return new Run(outputs, masked(mask, "encoder_last_hidden_state"), seconds);
    }

    private static NDArray optionalMask(SafetensorsFile in, String key, NDManager m, Path file, NDArray ids) {
        return in.names().contains(key) ? ids(in, key, m, file, ids, 2) : null;
    }

    private static Map<String, NDArray> masked(NDArray mask, String... names) {
        Map<String, NDArray> masks = new LinkedHashMap<>();
        if (mask != null) {
            for (String n : names) {
                if (n != null) {
                    masks.put(n, mask);
                }
            }
        }
        return masks;
    }

    private static ForwardResult finish(ForwardRequest request, ModelConfig config, Run run, NDManager manager) {
        Map<String, NDArray> onCpu = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        run.outputs().forEach((k, v) -> {
            onCpu.put(k, v.toDevice(Device.cpu(), false));
            shapes.put(k, v.getShape().getShape());
        });
        SafetensorsWriter.write(request.output(), onCpu, Map.of("format", "pt", "model_type", config.modelType()));
        Map<String, Double> diffs = request.reference() == null
                ? Map.of()
                : compare(request.reference(), run.outputs(), run.masks(), manager);
        return new ForwardResult(config.modelType(), shapes, run.seconds(), diffs, request.tolerance());
    }

    /**
     * Max |ours − reference| for each of our outputs the reference holds. Where an output has a
     * sequence axis, padded positions are left out: their values are unspecified.
     */
    private static Map<String, Double> compare(
            Path reference, Map<String, NDArray> outputs, Map<String, NDArray> masks, NDManager m) {
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
                NDArray mask = masks.get(e.getKey());
                if (mask != null) {
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
        if (a.getShape().size() == 0) {
            throw new IllegalArgumentException(file + ": '" + key + "' has shape " + a.getShape()
                    + ": it needs at least one row of at least one token");
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
