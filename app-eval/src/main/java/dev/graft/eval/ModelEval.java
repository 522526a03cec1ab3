package dev.graft.eval;

import ai.djl.Device;
import dev.graft.core.engine.DeviceChoice;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerFiles;
import dev.graft.core.tokenize.TokenizerOptions;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Evaluates a model directory (config.json, model.safetensors, and tokenizer.json unless another directory
 * holds the tokenizer), with an adapter if given.
 */
public final class ModelEval {
    private ModelEval() {}

    /**
     * @param tokenizerDir the directory of tokenizer.json, or null for the model directory
     * @param adapter the adapter directory, or null
     * @param adapters how to attach it
     * @param notes told lines for the user (an earlier report replaced)
     */
    public static EvalReport run(Path modelDir, Path tokenizerDir, Path adapter, AdapterLoader adapters,
            DeviceChoice deviceChoice, EvalConfig config, EvalProgress progress, Consumer<String> notes) {
        Device device = GraftEngine.resolve(deviceChoice);
        Path tokenizerFiles = tokenizerDir == null ? modelDir : tokenizerDir;
        try (EncoderPredictor predictor = new EncoderPredictor(PretrainedEncoder.load(modelDir, device, false),
                        modelDir.toString());
                HfTokenizer tokenizer = HfTokenizer.load(tokenizerFiles, TokenizerOptions.of(maxLength(tokenizerFiles,
                        predictor)))) {
            // Checked here, before EvalJob replaces an earlier report: libtorch would fail mid-run instead.
            tokenizer.requireFits(predictor.encoder().model().spec().vocabSize(), modelDir)
                    .requireTypesFit(predictor.encoder().model().spec().typeVocabSize(), modelDir);
            ModelInfo.Adapter attached = null;
            if (adapter != null) {
                attached = adapters.attach(predictor.encoder(), adapter);
            }
            ModelInfo info = ModelInfo.of(modelDir, attached, predictor.parameterCount());
            return new EvalJob(config, tokenizer, predictor, info, progress, notes).run();
        }
    }

    /** The tokenizer's model_max_length (512 without one), never more than the model's positions. */
    private static int maxLength(Path tokenizerFiles, EncoderPredictor predictor) {
        int positions = predictor.encoder().model().spec().maxSequenceLength();
        return Math.min(TokenizerFiles.read(tokenizerFiles).modelMaxLength().orElse(512), positions);
    }
}
