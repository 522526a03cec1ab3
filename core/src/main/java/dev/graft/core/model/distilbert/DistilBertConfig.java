package dev.graft.core.model.distilbert;

import dev.graft.core.config.JsonConfig;
import dev.graft.core.config.ModelConfig;
import dev.graft.core.model.encoder.EncoderSpec;
import dev.graft.core.model.encoder.HeadStyle;
import dev.graft.core.model.encoder.PositionStyle;
import dev.graft.core.nn.Activation;
import dev.graft.core.nn.LayerSpec;
import java.util.Map;

/** HF {@code DistilBertConfig}: BERT without token types or pooler, and its own field names. */
public record DistilBertConfig(
        int vocabSize,
        int dim,
        int nLayers,
        int nHeads,
        int hiddenDim,
        Activation activation,
        double dropout,
        double attentionDropout,
        double seqClassifDropout,
        int maxPositionEmbeddings,
        boolean sinusoidalPosEmbds,
        int padTokenId,
        Map<Integer, String> id2label,
        JsonConfig json) implements ModelConfig {

    /** DistilBERT fixes its LayerNorm epsilon in code rather than in the config. */
    public static final double LAYER_NORM_EPS = 1e-12;

    public DistilBertConfig {
        for (var e : Map.of("vocab_size", vocabSize, "dim", dim, "n_layers", nLayers, "n_heads", nHeads,
                "hidden_dim", hiddenDim, "max_position_embeddings", maxPositionEmbeddings).entrySet()) {
            if (e.getValue() <= 0) {
                throw json.error(e.getKey(), "must be positive, found " + e.getValue());
            }
        }
        if (dim % nHeads != 0) {
            throw json.error("dim", "(" + dim + ") must be divisible by n_heads (" + nHeads + ")");
        }
        if (padTokenId < 0 || padTokenId >= vocabSize) {
            throw json.error("pad_token_id", "must be in [0, vocab_size=" + vocabSize + "), found " + padTokenId);
        }
        id2label = Map.copyOf(id2label);
    }

    public static DistilBertConfig from(JsonConfig json) {
        Activation act;
        try {
            act = Activation.fromHf(json.optString("activation", "gelu"));
        } catch (IllegalArgumentException e) {
            throw json.error("activation", e.getMessage());
        }
        return new DistilBertConfig(
                json.requireInt("vocab_size"),
                json.requireInt("dim"),
                json.requireInt("n_layers"),
                json.requireInt("n_heads"),
                json.requireInt("hidden_dim"),
                act,
                json.optDouble("dropout", 0.1),
                json.optDouble("attention_dropout", 0.1),
                json.optDouble("seq_classif_dropout", 0.2),
                json.requireInt("max_position_embeddings"),
                json.optBoolean("sinusoidal_pos_embds", false),
                json.optInt("pad_token_id", 0),
                json.id2label(2),
                json);
    }

    @Override
    public String modelType() {
        return "distilbert";
    }

    public EncoderSpec toEncoderSpec() {
        LayerSpec layer = new LayerSpec(dim, nHeads, hiddenDim, activation, LAYER_NORM_EPS,
                (float) attentionDropout, (float) dropout, 0f, false);
        return new EncoderSpec(layer, nLayers, vocabSize, maxPositionEmbeddings, 0, PositionStyle.ABSOLUTE,
                padTokenId, (float) dropout, HeadStyle.DISTILBERT, (float) seqClassifDropout, id2label.size());
    }
}
