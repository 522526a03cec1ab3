package dev.graft.finetune;

import dev.graft.core.peft.BitFitConfig;
import dev.graft.core.peft.BottleneckConfig;
import dev.graft.core.peft.Ia3Config;
import dev.graft.core.peft.LoraConfig;
import dev.graft.core.peft.PeftConfig;
import dev.graft.core.peft.PrefixConfig;
import dev.graft.core.peft.PromptConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The settings of the fine-tuning methods as given on the command line. A null field was not given:
 * the method's default applies (the constants below), and a flag given for another method than the one
 * run is refused, so a typo such as {@code --method full --lora-rank 4} cannot pass unnoticed.
 *
 * @param loraTargets roles ({@code query}, {@code ffn_out} …) or HF module names ({@code attention.output.dense})
 * @param merge also write {@code merged/}, a plain HF checkpoint (methods whose adapter folds into the weights)
 */
public record MethodOptions(Integer loraRank, Float loraAlpha, Float loraDropout, List<String> loraTargets,
        Boolean rsLora, BottleneckConfig.Placement adapterPlacement, Integer adapterReduction, Integer prefixTokens,
        Boolean prefixProjection, Integer prefixHidden, Integer promptTokens, PromptInit promptInit,
        String promptInitText, Pooling pooling, Boolean merge) {

    /** How prompt tuning's soft tokens start (Lester et al. 2021, §3). */
    public enum PromptInit {
        RANDOM, VOCAB, TEXT
    }

    /** What the {@code features} method embeds a pair as. */
    public enum Pooling {
        /** What the classifier reads: BERT's pooler output over [CLS], else the first token's hidden state. */
        CLS,
        /** The mean of the last hidden states over the real (unpadded) tokens. */
        MEAN
    }

    /** Nothing given: every method runs with its defaults. */
    public static final MethodOptions NONE = new MethodOptions(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null);

    /** The defaults the command line documents. */
    static final int LORA_RANK = 8;
    static final float LORA_ALPHA = 16f;
    static final float LORA_DROPOUT = 0.1f;
    static final List<String> LORA_TARGETS = List.of("query", "value");
    static final BottleneckConfig.Placement ADAPTER_PLACEMENT = BottleneckConfig.Placement.HOULSBY;
    static final int ADAPTER_REDUCTION = 16;
    static final int PREFIX_TOKENS = 10;
    static final int PREFIX_HIDDEN = 64;
    static final int PROMPT_TOKENS = 10;

    /** Methods that --merge can fold into a plain checkpoint. */
    static final List<String> MERGEABLE = List.of("lora", "ia3", "bitfit");

    public MethodOptions {
        loraTargets = loraTargets == null ? null : List.copyOf(loraTargets);
        if (loraRank != null && loraRank <= 0) {
            throw new IllegalArgumentException("--lora-rank must be > 0, got " + loraRank);
        }
        if (loraAlpha != null && !(loraAlpha > 0 && Float.isFinite(loraAlpha))) {
            throw new IllegalArgumentException("--lora-alpha must be > 0, got " + loraAlpha);
        }
        if (loraDropout != null && !(loraDropout >= 0 && loraDropout < 1)) {
            throw new IllegalArgumentException("--lora-dropout must be in [0, 1), got " + loraDropout);
        }
        if (loraTargets != null && (loraTargets.isEmpty() || loraTargets.stream().anyMatch(String::isBlank))) {
            throw new IllegalArgumentException("--lora-targets needs one or more names separated by commas, e.g."
                    + " query,value; got " + loraTargets);
        }
        if (adapterReduction != null && adapterReduction < 1) {
            throw new IllegalArgumentException("--adapter-reduction must be >= 1, got " + adapterReduction);
        }
        if (prefixTokens != null && prefixTokens <= 0) {
            throw new IllegalArgumentException("--prefix-tokens must be > 0, got " + prefixTokens);
        }
        if (prefixHidden != null && prefixHidden <= 0) {
            throw new IllegalArgumentException("--prefix-hidden must be > 0, got " + prefixHidden);
        }
        if (prefixHidden != null && !Boolean.TRUE.equals(prefixProjection)) {
            throw new IllegalArgumentException("--prefix-hidden sets the width of the prefix MLP; it needs --prefix-projection");
        }
        if (promptTokens != null && promptTokens <= 0) {
            throw new IllegalArgumentException("--prompt-tokens must be > 0, got " + promptTokens);
        }
        if (promptInit == PromptInit.TEXT && (promptInitText == null || promptInitText.isBlank())) {
            throw new IllegalArgumentException("--prompt-init text needs the text: --prompt-init-text \"…\"");
        }
        if (promptInitText != null && promptInit != PromptInit.TEXT) {
            throw new IllegalArgumentException("--prompt-init-text is used with --prompt-init text only; got --prompt-init "
                    + (promptInit == null ? "random (the default)" : promptInit.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    /**
     * Checks that {@code method} exists and that every flag given belongs to it.
     *
     * @throws IllegalArgumentException naming the method list, or the flag and the method it belongs to
     */
    public void check(String method) {
        String name = Method.canonical(method);
        for (Map.Entry<String, List<String>> e : given().entrySet()) {
            if (!e.getValue().contains(name)) {
                throw new IllegalArgumentException(e.getKey() + " applies to --method " + String.join(" or ", e.getValue())
                        + ", not " + name + mergeHint(e.getKey(), name));
            }
        }
    }

    private static String mergeHint(String flag, String method) {
        if (!flag.equals("--merge")) {
            return "";
        }
        switch (method) {
            case "head": case "full":
                return " (its best/ already is a plain HF checkpoint)";
            case "features":
                return " (with --pooling cls its best/ already is a plain HF checkpoint)";
            case "adapter":
                return ": bottleneck adapters add layers (a nonlinearity between two projections) that no weight of the"
                        + " base model can absorb";
            case "prefix":
                return ": prefix tuning adds keys and values to every attention layer, which no weight of the base"
                        + " model can hold";
            case "prompt":
                return ": prompt tuning adds soft tokens to the input, which no weight of the base model can hold";
            default:
                return "";
        }
    }

    /** Each flag given, with the methods it applies to. */
    Map<String, List<String>> given() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Object[][] flags = {
            {"--lora-rank", loraRank, "lora"}, {"--lora-alpha", loraAlpha, "lora"}, {"--lora-dropout", loraDropout, "lora"},
            {"--lora-targets", loraTargets, "lora"}, {"--rslora", rsLora, "lora"},
            {"--adapter-placement", adapterPlacement, "adapter"}, {"--adapter-reduction", adapterReduction, "adapter"},
            {"--prefix-tokens", prefixTokens, "prefix"}, {"--prefix-projection", prefixProjection, "prefix"},
            {"--prefix-hidden", prefixHidden, "prefix"}, {"--prompt-tokens", promptTokens, "prompt"},
            {"--prompt-init", promptInit, "prompt"}, {"--prompt-init-text", promptInitText, "prompt"},
            {"--pooling", pooling, "features"},
        };
        for (Object[] f : flags) {
            if (f[1] != null) {
                out.put((String) f[0], List.of((String) f[2]));
            }
        }
        if (Boolean.TRUE.equals(merge)) {
            out.put("--merge", MERGEABLE);
        }
        return out;
    }

    public boolean mergeRequested() {
        return Boolean.TRUE.equals(merge);
    }

    public Pooling poolingOrDefault() {
        return pooling == null ? Pooling.CLS : pooling;
    }

    /**
     * The PEFT config of {@code method} (head trained with it, as PEFT's {@code modules_to_save}), or
     * null for features, head and full.
     *
     * @param textIds token ids of a text without special tokens (for {@code --prompt-init text})
     * @param seed draws the vocabulary rows of {@code --prompt-init vocab}
     */
    PeftConfig peftConfig(String method, Function<String, long[]> textIds, long seed) {
        switch (Method.canonical(method)) {
            case "lora":
                return new LoraConfig(or(loraRank, LORA_RANK), or(loraAlpha, LORA_ALPHA),
                        or(loraDropout, LORA_DROPOUT), or(loraTargets, LORA_TARGETS),
                        or(rsLora, false), true);
            case "ia3":
                return Ia3Config.standard().withTrainHead(true);
            case "bitfit":
                return new BitFitConfig(true);
            case "adapter":
                return new BottleneckConfig(or(adapterPlacement, ADAPTER_PLACEMENT),
                        or(adapterReduction, ADAPTER_REDUCTION), true);
            case "prefix": {
                boolean projection = or(prefixProjection, false);
                return new PrefixConfig(or(prefixTokens, PREFIX_TOKENS), projection,
                        projection ? or(prefixHidden, PREFIX_HIDDEN) : 0, true);
            }
            case "prompt":
                return promptConfig(textIds, seed);
            default:
                return null;
        }
    }

    private PromptConfig promptConfig(Function<String, long[]> textIds, long seed) {
        int tokens = or(promptTokens, PROMPT_TOKENS);
        switch (or(promptInit, PromptInit.RANDOM)) {
            case VOCAB:
                return new PromptConfig(tokens, PromptConfig.Init.SAMPLE_VOCAB, null, seed, true);
            case TEXT: {
                long[] ids = textIds.apply(promptInitText);
                if (ids.length == 0) {
                    throw new IllegalArgumentException("--prompt-init-text \"" + promptInitText + "\" gives no tokens");
                }
                return new PromptConfig(tokens, PromptConfig.Init.TEXT, ids, seed, true);
            }
            default:
                return new PromptConfig(tokens, PromptConfig.Init.RANDOM, null, seed, true);
        }
    }

    /** The settings in effect for {@code method}, for run.json (defaults filled in). */
    Map<String, Object> effective(String method) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (Method.canonical(method)) {
            case "lora":
                out.put("lora_rank", or(loraRank, LORA_RANK));
                out.put("lora_alpha", or(loraAlpha, LORA_ALPHA));
                out.put("lora_dropout", or(loraDropout, LORA_DROPOUT));
                out.put("lora_targets", new ArrayList<>(or(loraTargets, LORA_TARGETS)));
                out.put("rslora", or(rsLora, false));
                break;
            case "adapter":
                out.put("adapter_placement", or(adapterPlacement, ADAPTER_PLACEMENT).name().toLowerCase(java.util.Locale.ROOT));
                out.put("adapter_reduction", or(adapterReduction, ADAPTER_REDUCTION));
                break;
            case "prefix":
                out.put("prefix_tokens", or(prefixTokens, PREFIX_TOKENS));
                out.put("prefix_projection", or(prefixProjection, false));
                if (or(prefixProjection, false)) {
                    out.put("prefix_hidden", or(prefixHidden, PREFIX_HIDDEN));
                }
                break;
            case "prompt":
                out.put("prompt_tokens", or(promptTokens, PROMPT_TOKENS));
                out.put("prompt_init", or(promptInit, PromptInit.RANDOM).name().toLowerCase(java.util.Locale.ROOT));
                if (promptInitText != null) {
                    out.put("prompt_init_text", promptInitText);
                }
                break;
            case "features":
                out.put("pooling", poolingOrDefault().name().toLowerCase(java.util.Locale.ROOT));
                break;
            default:
                break;
        }
        if (mergeRequested()) {
            out.put("merge", true);
        }
        return out;
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
