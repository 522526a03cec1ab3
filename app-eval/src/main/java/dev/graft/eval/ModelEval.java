package dev.graft.eval;

import ai.djl.Device;
import dev.graft.core.engine.DeviceChoice;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerFiles;
import dev.graft.core.tokenize.TokenizerOptions;
import java.nio.file.Path;

/** Evaluates a model directory (config.json, model.safetensors, tokenizer.json), with an adapter if given. */
public final class ModelEval {
    private ModelEval() {}

    /**
     * @param adapter the adapter directory, or null
     * @param adapters how to attach it
     */
    public static EvalReport run(Path modelDir, Path adapter, AdapterLoader adapters, DeviceChoice deviceChoice,
            EvalConfig config, EvalProgress progress) {
        Device device = GraftEngine.resolve(deviceChoice);
        int maxLength = TokenizerFiles.read(modelDir).modelMaxLength().orElse(512);
        try (HfTokenizer tokenizer = HfTokenizer.load(modelDir, TokenizerOptions.of(maxLength));
                EncoderPredictor predictor = new EncoderPredictor(PretrainedEncoder.load(modelDir, device, false),
                        modelDir.toString())) {
            ModelInfo.Adapter attached = null;
            if (adapter != null) {
                attached = adapters.attach(predictor.encoder(), adapter);
            }
            ModelInfo info = ModelInfo.of(modelDir, attached, predictor.parameterCount());
            return new EvalJob(config, tokenizer, predictor, info, progress).run();
        }
    }
}
