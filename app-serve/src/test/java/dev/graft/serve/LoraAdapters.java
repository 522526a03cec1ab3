package dev.graft.serve;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.nn.ParameterValues;
import dev.graft.core.peft.LoraConfig;
import dev.graft.core.peft.Peft;
import dev.graft.core.peft.PeftFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trained-looking LoRA adapters for tests: {@link Peft#apply} on the tiny fixture, every {@code lora_B}
 * (and the head, when the config trains it) filled with seeded values, saved by {@link PeftFiles#save}.
 */
final class LoraAdapters {
    private LoraAdapters() {}

    /** A LoRA adapter on the classifier in {@code model} (its head too when {@code config.trainHead()}). */
    static Path classifier(Path model, LoraConfig config, long seed, Path out) {
        try (PretrainedEncoder bert = PretrainedEncoder.load(model, Device.cpu(), false)) {
            Peft.apply(bert.model(), config, "default");
            fill(bert.model(), seed, config.trainHead());
            PeftFiles.save(bert.model(), config, "default", out, model.toString());
        }
        return out;
    }

    /** A LoRA adapter on the GPT-2 in {@code model}. */
    static Path gpt2(Path model, LoraConfig config, long seed, Path out) {
        try (PretrainedGpt2 gpt2 = PretrainedGpt2.load(model, Device.cpu(), false)) {
            Peft.apply(gpt2.model(), config, "default");
            fill(gpt2.model(), seed, false);
            PeftFiles.save(gpt2.model(), config, "default", out, model.toString());
        }
        return out;
    }

    private static void fill(Block model, long seed, boolean head) {
        SplittableRandom random = new SplittableRandom(seed);
        for (Map.Entry<String, Parameter> e : ParameterPaths.of(model).entrySet()) {
            if (e.getKey().contains(".lora_B.") || (head && e.getKey().startsWith("classifier."))) {
                NDArray target = e.getValue().getArray();
                float[] v = new float[(int) target.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((random.nextDouble() * 2 - 1) * 0.5);
                }
                try (NDManager scratch = target.getManager().newSubManager()) {
                    ParameterValues.assign(target, scratch.create(v, target.getShape()));
                }
            }
        }
    }
}
