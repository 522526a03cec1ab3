package dev.graft.core.peft;

import java.util.List;

/**
 * One PEFT method's settings, validated when built. {@link Peft#apply} attaches the method to a model;
 * {@link PeftFiles} writes and reads it in PEFT's {@code adapter_config.json} layout.
 */
public sealed interface PeftConfig
        permits LoraConfig, Ia3Config, BitFitConfig, BottleneckConfig, PrefixConfig, PromptConfig {

    /** PEFT's {@code peft_type} ({@code LORA}, {@code IA3} …), or ours for methods PEFT lacks. */
    String peftType();

    /** Whether the task head stays trainable and is saved with the adapter (PEFT's {@code modules_to_save}). */
    boolean trainHead();

    /** Checks a target list: not empty, no blank names. */
    static List<String> checkTargets(String method, List<String> targets) {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException(method + " needs at least one target module, e.g. " + List.of("query", "value"));
        }
        for (String t : targets) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException(method + " target names must not be blank, got " + targets);
            }
        }
        return List.copyOf(targets);
    }

    /** Names of typed targets, for configs built from {@link Target}s. */
    static List<String> names(Target... targets) {
        return java.util.Arrays.stream(targets).map(Target::configName).toList();
    }
}
