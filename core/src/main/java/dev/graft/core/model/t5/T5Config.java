package dev.graft.core.model.t5;

import dev.graft.core.config.JsonConfig;
import dev.graft.core.config.ModelConfig;
import dev.graft.core.nn.Activation;
import dev.graft.core.nn.LayerSpec;
import dev.graft.core.nn.NormKind;
import java.util.Map;

/** HF {@code T5Config}, field names as in config.json. */
public record T5Config(
        int vocabSize,
        int dModel,
        int dKv,
        int dFf,
        int numLayers,
        int numDecoderLayers,
        int numHeads,
        int relativeAttentionNumBuckets,
        int relativeAttentionMaxDistance,
        double dropoutRate,
        double layerNormEpsilon,
        Activation activation,
        boolean gated,
        boolean tieWordEmbeddings,
        int padTokenId,
        int eosTokenId,
        int decoderStartTokenId,
        Map<Integer, String> id2label,
        JsonConfig json) implements ModelConfig {

    public T5Config {
        for (var e : Map.of("vocab_size", vocabSize, "d_model", dModel, "d_kv", dKv, "d_ff", dFf, "num_layers", numLayers,
                "num_decoder_layers", numDecoderLayers, "num_heads", numHeads,
                "relative_attention_num_buckets", relativeAttentionNumBuckets,
                "relative_attention_max_distance", relativeAttentionMaxDistance).entrySet()) {
            if (e.getValue() <= 0) {
                throw json.error(e.getKey(), "must be positive, found " + e.getValue());
            }
        }
        for (var e : Map.of("pad_token_id", padTokenId, "eos_token_id", eosTokenId,
                "decoder_start_token_id", decoderStartTokenId).entrySet()) {
            if (e.getValue() < 0 || e.getValue() >= vocabSize) {
                throw json.error(e.getKey(), "must be in [0, vocab_size=" + vocabSize + "), found " + e.getValue());
            }
        }
        id2label = Map.copyOf(id2label);
    }

    public static T5Config from(JsonConfig json) {
        // "relu", "gated-gelu" (T5 v1.1, with the tanh gelu) or "gated-<act>".
        String proj = json.optString("feed_forward_proj", "relu");
        boolean gated = proj.startsWith("gated-");
        String actName = gated ? proj.substring("gated-".length()) : proj;
        Activation act;
        try {
            act = actName.equals("gelu") && gated ? Activation.GELU_NEW : Activation.fromHf(actName);
        } catch (IllegalArgumentException e) {
            throw json.error("feed_forward_proj", e.getMessage());
        }
        int numLayers = json.requireInt("num_layers");
        int pad = json.optInt("pad_token_id", 0);
        return new T5Config(
                json.requireInt("vocab_size"),
                json.requireInt("d_model"),
                json.requireInt("d_kv"),
                json.requireInt("d_ff"),
                numLayers,
                json.optInt("num_decoder_layers", numLayers),
                json.requireInt("num_heads"),
                json.optInt("relative_attention_num_buckets", 32),
                json.optInt("relative_attention_max_distance", 128),
                json.optDouble("dropout_rate", 0.1),
                json.optDouble("layer_norm_epsilon", 1e-6),
                act,
                gated,
                json.optBoolean("tie_word_embeddings", true),
                pad,
                json.optInt("eos_token_id", 1),
                json.optInt("decoder_start_token_id", pad),
                json.id2label(2),
                json);
    }

    @Override
    public String modelType() {
        return "t5";
    }

    /** Pre-norm RMS layers, bias-free and unscaled attention of {@code d_kv}-wide heads. */
    public LayerSpec layerSpec() {
        float p = (float) dropoutRate;
        return new LayerSpec(dModel, numHeads, dKv, dFf, activation, NormKind.RMS_NORM, layerNormEpsilon, false, false,
                false, gated, p, p, p, true);
    }
}
