package dev.graft.serve;

import dev.graft.core.config.ModelConfig;
import dev.graft.core.config.ModelConfigs;
import dev.graft.core.model.t5.T5Config;
import dev.graft.core.tokenize.TokenizerFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which {@code serve-load --mode} a model can take, checked before a server starts: a classifier run
 * in generate mode (or the reverse) used to fail after loading, with a ClassCastException.
 */
final class LoadModes {
    static final List<String> MODES = List.of("classify", "generate", "soak", "adapters");

    private LoadModes() {}

    /** Refuses a mode that is not one of {@link #MODES}. */
    static void checkName(String mode) {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("--mode must be classify, generate, soak or adapters, got " + mode);
        }
    }

    /** Refuses {@code mode} on the model in {@code model} when its kind cannot take it, or it has no tokenizer. */
    static void check(String mode, Path model) {
        ModelConfig config = ModelConfigs.read(model);
        check(mode, model, config.modelType(), Server.taskOf(config), config instanceof T5Config);
        if (!Files.isRegularFile(model.resolve(TokenizerFiles.TOKENIZER_JSON))) {
            throw new IllegalArgumentException("--model " + model + " has no " + TokenizerFiles.TOKENIZER_JSON
                    + "; serve-load sends text, so the model needs the tokenizer it was trained with beside it");
        }
    }

    /** As {@link #check(String, Path)} for a model of type {@code modelType} (what --init-arch is about to write). */
    static void check(String mode, Path model, String modelType, Server.Task task, boolean t5) {
        checkName(mode);
        String what = "--model " + model + " is " + (task == Server.Task.CLASSIFY ? "a classifier" : "a text generator")
                + " (model_type " + modelType + ")";
        if (task == Server.Task.CLASSIFY && mode.equals("generate")) {
            throw new IllegalArgumentException(what + "; --mode generate needs a causal language model (GPT-2) or T5: "
                    + "use --mode classify, soak or adapters with this model, or name a GPT-2 model");
        }
        if (task == Server.Task.COMPLETIONS && (mode.equals("classify") || mode.equals("soak"))) {
            throw new IllegalArgumentException(what + "; --mode " + mode + " sends classification requests and needs an "
                    + "encoder classifier (BERT, RoBERTa, DistilBERT): use --mode generate" + (t5 ? "" : " or adapters")
                    + " with this model, or name a classifier");
        }
        if (t5 && mode.equals("adapters")) {
            throw new IllegalArgumentException(what + "; --mode adapters needs a classifier (BERT, RoBERTa, DistilBERT) "
                    + "or GPT-2: use --mode generate with this model");
        }
    }
}
