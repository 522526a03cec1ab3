package dev.graft.finetune;

import dev.graft.core.model.encoder.EncoderModel;
import java.util.Locale;

/**
 * A fine-tuning method: how it changes the model and which parameters it trains. The engine trains
 * exactly the parameters left with {@code requiresGradient() == true}, so a method is only this: freeze
 * what stays fixed, and (for PEFT methods) wrap or add blocks whose parameters train.
 *
 * <p>Implemented: {@link #HEAD} (body frozen, classifier trained) and {@link #FULL}. To come, on the
 * same interface: features, lora, adapter, prefix, prompt, ia3, bitfit.
 */
public interface Method {
    /** The name used on the command line and in run.json. */
    String name();

    /** Prepares {@code model} for training: freezes, wraps, adds. Called once, before the optimizer is made. */
    void prepare(EncoderModel model);

    /** Body frozen; the classification head (and nothing else) trains. */
    Method HEAD = new Method() {
        @Override
        public String name() {
            return "head";
        }

        @Override
        public void prepare(EncoderModel model) {
            model.freezeParameters(true, p -> true);
            model.getChildren().values().stream()
                    .filter(b -> b instanceof dev.graft.core.model.encoder.ClassificationHead)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("method head: the model has no classification head"))
                    .freezeParameters(false);
        }
    };

    /** Every parameter trains. */
    Method FULL = new Method() {
        @Override
        public String name() {
            return "full";
        }

        @Override
        public void prepare(EncoderModel model) {
            model.freezeParameters(false);
        }
    };

    /** The method called {@code name}; the error lists those that exist and those still to come. */
    static Method named(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "head":
                return HEAD;
            case "full":
                return FULL;
            case "features": case "lora": case "adapter": case "prefix": case "prompt": case "ia3": case "bitfit":
                throw new IllegalArgumentException("method '" + name + "' is not implemented yet; available: head, full");
            default:
                throw new IllegalArgumentException("unknown method '" + name + "'; available: head, full"
                        + " (planned: features, lora, adapter, prefix, prompt, ia3, bitfit)");
        }
    }
}
