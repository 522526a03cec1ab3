package dev.graft.eval;

import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.peft.PeftConfig;
import dev.graft.core.peft.PeftFiles;
import dev.graft.core.peft.TrainableParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Attaches an adapter saved in PEFT's layout ({@code adapter_config.json} + {@code adapter_model.safetensors}). */
public final class PeftAdapterLoader implements AdapterLoader {
    /** The name the adapter gets inside the model; evaluation uses one adapter at a time. */
    static final String NAME = "eval";

    @Override
    public ModelInfo.Adapter attach(PretrainedEncoder model, Path dir) {
        if (!Files.isRegularFile(dir.resolve(PeftFiles.CONFIG))) {
            throw new IllegalArgumentException("--adapter " + dir + ": no " + PeftFiles.CONFIG
                    + " (expected a directory saved by graft finetune or PEFT's save_pretrained)");
        }
        PeftConfig config = PeftFiles.load(model.model(), dir, NAME);
        return new ModelInfo.Adapter(dir.toString(), method(config.peftType()),
                TrainableParameters.of(model.model()).trainable());
    }

    /** The method name of graft finetune for a PEFT type. */
    static String method(String peftType) {
        switch (peftType) {
            case "PREFIX_TUNING":
                return "prefix";
            case "PROMPT_TUNING":
                return "prompt";
            case "GRAFT_BOTTLENECK":
                return "adapter";
            case "GRAFT_BITFIT":
                return "bitfit";
            default:
                return peftType.toLowerCase(Locale.ROOT);
        }
    }
}
