package dev.graft.finetune;

import dev.graft.core.model.encoder.EncoderModel;
import dev.graft.core.peft.Peft;
import dev.graft.core.peft.PeftConfig;

/**
 * A parameter-efficient method (lora, adapter, prefix, prompt, ia3, bitfit): {@link Peft#apply} wraps or
 * attaches the adapter and freezes everything but it and the classifier head, which trains with it and is
 * saved with it, as PEFT's {@code modules_to_save}. The run's {@code best/} is a PEFT adapter directory.
 *
 * @param name the command-line name
 * @param config the adapter's settings, {@code trainHead} set
 */
public record PeftMethod(String name, PeftConfig config) implements Method {
    /**
     * The adapter's name inside the model: fixed, so parameter paths ({@code ….lora_A.default.weight})
     * and with them checkpoints are the same in every run.
     */
    public static final String ADAPTER = "default";

    @Override
    public void prepare(EncoderModel model) {
        Peft.apply(model, config, ADAPTER);
    }

    /** Whether {@code merged/} can be written: the adapter folds into the base weights. */
    public boolean mergeable() {
        return MethodOptions.MERGEABLE.contains(name);
    }
}
