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
            tokenizer.requireFits(predictor.encoder().model().spec().vocabSize(), modelDir);
            requireTypesFit(tokenizer, predictor.encoder().model().spec().typeVocabSize(), modelDir);
            ModelInfo.Adapter attached = null;
            if (adapter != null) {
                attached = adapters.attach(predictor.encoder(), adapter);
            }
            ModelInfo info = ModelInfo.of(modelDir, attached, predictor.parameterCount());
            return new EvalJob(config, tokenizer, predictor, info, progress, notes).run();
        }
    }

    /**
     * Refuses a tokenizer whose pairs carry token types the model has no row for (a BERT tokenizer gives
     * the second text type 1; RoBERTa has type_vocab_size 1). Checked here, before EvalJob replaces an
     * earlier report, since otherwise libtorch fails mid-run with a bare "index out of range in self".
     * One encoded pair shows it: the post-processor gives every pair the same types by position.
     */
    static void requireTypesFit(HfTokenizer tokenizer, int typeVocabSize, Path modelDir) {
        if (typeVocabSize == 0) {
            return; // no token-type embedding (DistilBERT): the ids are never looked up
        }
        long maxType = 0;
        for (long t : tokenizer.encodePair("a", "b").typeIds()) {
            maxType = Math.max(maxType, t);
        }
        if (maxType >= typeVocabSize) {
            throw new IllegalArgumentException("the tokenizer " + tokenizer.files().tokenizerJson()
                    + " gives the second text token type " + maxType + " but the model " + modelDir
                    + " has type_vocab_size " + typeVocabSize
                    + ": it is not this model's tokenizer; use the one the model was trained with");
        }
    }

    /** The tokenizer's model_max_length (512 without one), never more than the model's positions. */
    private static int maxLength(Path tokenizerFiles, EncoderPredictor predictor) {
        int positions = predictor.encoder().model().spec().maxSequenceLength();
        return Math.min(TokenizerFiles.read(tokenizerFiles).modelMaxLength().orElse(512), positions);
    }
}
