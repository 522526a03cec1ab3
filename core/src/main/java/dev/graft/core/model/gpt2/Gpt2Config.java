package dev.graft.core.model.gpt2;

import dev.graft.core.config.JsonConfig;
import dev.graft.core.config.ModelConfig;
import dev.graft.core.nn.Activation;
import dev.graft.core.nn.LayerSpec;
import dev.graft.core.nn.NormKind;
import java.util.Map;

/** HF {@code GPT2Config}, field names as in config.json. */
public record Gpt2Config(
        int vocabSize,
        int nPositions,
        int nEmbd,
        int nLayer,
        int nHead,
        int nInner,
        Activation activationFunction,
        double residPdrop,
        double embdPdrop,
        double attnPdrop,
        double layerNormEpsilon,
        Integer bosTokenId,
        Integer eosTokenId,
        Map<Integer, String> id2label,
        JsonConfig json) implements ModelConfig {

    public Gpt2Config {
        for (var e : Map.of("vocab_size", vocabSize, "n_positions", nPositions, "n_embd", nEmbd, "n_layer", nLayer,
                "n_head", nHead, "n_inner", nInner).entrySet()) {
            if (e.getValue() <= 0) {
                throw json.error(e.getKey(), "must be positive, found " + e.getValue());
            }
        }
        if (nEmbd % nHead != 0) {
            throw json.error("n_embd", "(" + nEmbd + ") must be divisible by n_head (" + nHead + ")");
        }
        // eos/bos ids are kept as given even past vocab_size: tiny test checkpoints inherit GPT-2's
        // 50256 with a smaller vocabulary, and HF loads them; such an id simply never gets sampled.
        id2label = Map.copyOf(id2label);
    }

    public static Gpt2Config from(JsonConfig json) {
        // Variants whose attention maths differ from the published GPT-2 are refused, not approximated.
        if (!json.optBoolean("scale_attn_weights", true)) {
            throw json.error("scale_attn_weights", "is false; only scaled attention (the GPT-2 default) is supported");
        }
        for (String flag : new String[] {"scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn", "add_cross_attention"}) {
            if (json.optBoolean(flag, false)) {
                throw json.error(flag, "is true, which Graft does not support");
            }
        }
        if (!json.optBoolean("tie_word_embeddings", true)) {
            throw json.error("tie_word_embeddings", "is false; GPT-2's LM head is tied to wte");
        }
        Activation act;
        try {
            act = Activation.fromHf(json.optString("activation_function", "gelu_new"));
        } catch (IllegalArgumentException e) {
            throw json.error("activation_function", e.getMessage());
        }
        int nEmbd = json.requireInt("n_embd");
        return new Gpt2Config(
                json.requireInt("vocab_size"),
                json.requireInt("n_positions"),
                nEmbd,
                json.requireInt("n_layer"),
                json.requireInt("n_head"),
                json.optInt("n_inner", 4 * nEmbd),
                act,
                json.optDouble("resid_pdrop", 0.1),
                json.optDouble("embd_pdrop", 0.1),
                json.optDouble("attn_pdrop", 0.1),
                json.optDouble("layer_norm_epsilon", 1e-5),
                json.has("bos_token_id") ? json.requireInt("bos_token_id") : null,
                json.has("eos_token_id") ? json.requireInt("eos_token_id") : null,
                json.id2label(2),
                json);
    }

    @Override
    public String modelType() {
        return "gpt2";
    }

    /** Pre-LN blocks with a fused c_attn projection, as GPT-2 stores them. */
    public LayerSpec layerSpec() {
        return new LayerSpec(nEmbd, nHead, nEmbd / nHead, nInner, activationFunction, NormKind.LAYER_NORM,
                layerNormEpsilon, true, true, true, false, (float) attnPdrop, (float) residPdrop, 0f, true);
    }
}
