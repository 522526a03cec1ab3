package dev.graft.finetune;

import dev.graft.core.model.encoder.EncoderModel;
import dev.graft.core.peft.PeftConfig;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A fine-tuning method: how it changes the model and which parameters it trains. The engine trains
 * exactly the parameters left with {@code requiresGradient() == true}, so a method is only this: freeze
 * what stays fixed, and (for PEFT methods) wrap or add blocks whose parameters train.
 *
 * <p>{@link #HEAD} (body frozen, classifier trained) and {@link #FULL} are here; the PEFT methods
 * (lora, adapter, prefix, prompt, ia3, bitfit) are {@link PeftMethod}s, and {@link FeaturesMethod}
 * (frozen encoder, embeddings computed once, a classifier trained on them) runs its own short loop.
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

    /** Every method, in the order the help lists them. */
    List<String> NAMES = List.of("features", "head", "full", "lora", "adapter", "prefix", "prompt", "ia3", "bitfit");

    /** {@code name} in lower case if it is a method; else the error lists the methods. */
    static String canonical(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("unknown method '" + name + "'; available: " + String.join(", ", NAMES));
        }
        return n;
    }

    /** The method called {@code name} with its default settings. */
    static Method named(String name) {
        return of(name, MethodOptions.NONE, text -> {
            throw new IllegalArgumentException("no tokenizer to encode the prompt init text");
        }, 0);
    }

    /**
     * The method called {@code name} with {@code options} (flags of other methods are refused).
     *
     * @param textIds token ids of a text without special tokens ({@code --prompt-init text})
     * @param seed seeds what the method draws at random (prompt tuning's vocabulary rows)
     */
    static Method of(String name, MethodOptions options, Function<String, long[]> textIds, long seed) {
        options.check(name);
        String n = canonical(name);
        switch (n) {
            case "head":
                return HEAD;
            case "full":
                return FULL;
            case "features":
                return new FeaturesMethod(options.poolingOrDefault());
            default:
                PeftConfig config = options.peftConfig(n, textIds, seed);
                return new PeftMethod(n, config);
        }
    }
}
