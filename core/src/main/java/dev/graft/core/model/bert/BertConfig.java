package dev.graft.core.model.bert;

import dev.graft.core.config.JsonConfig;
import dev.graft.core.config.ModelConfig;
import dev.graft.core.model.encoder.EncoderSpec;
import dev.graft.core.model.encoder.HeadStyle;
import dev.graft.core.model.encoder.PositionStyle;
import dev.graft.core.nn.Activation;
import dev.graft.core.nn.LayerSpec;
import java.util.Map;

/**
 * HF {@code BertConfig} / {@code RobertaConfig} (RoBERTa is BERT with positions offset past the pad id
 * and a different classifier head), field names as in config.json.
 */
public record BertConfig(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        Activation hiddenAct,
        double hiddenDropoutProb,
        double attentionProbsDropoutProb,
        int maxPositionEmbeddings,
        int typeVocabSize,
        double layerNormEps,
        int padTokenId,
        Double classifierDropout,
        Map<Integer, String> id2label,
        JsonConfig json) implements ModelConfig {

    public BertConfig {
        if (!modelType.equals("bert") && !modelType.equals("roberta")) {
            throw json.error("model_type", "must be bert or roberta for BertConfig, found " + modelType);
        }
        positive(json, "vocab_size", vocabSize);
        positive(json, "hidden_size", hiddenSize);
        positive(json, "num_hidden_layers", numHiddenLayers);
        positive(json, "num_attention_heads", numAttentionHeads);
        positive(json, "intermediate_size", intermediateSize);
        positive(json, "max_position_embeddings", maxPositionEmbeddings);
        if (hiddenSize % numAttentionHeads != 0) {
            throw json.error("hidden_size", "(" + hiddenSize + ") must be divisible by num_attention_heads ("
                    + numAttentionHeads + ")");
        }
        if (typeVocabSize < 0) {
            throw json.error("type_vocab_size", "must be >= 0, found " + typeVocabSize);
        }
        if (padTokenId < 0 || padTokenId >= vocabSize) {
            throw json.error("pad_token_id", "must be in [0, vocab_size=" + vocabSize + "), found " + padTokenId);
        }
        if (modelType.equals("roberta") && maxPositionEmbeddings <= padTokenId + 1) {
            throw json.error("max_position_embeddings", "must exceed pad_token_id + 1 for roberta, found "
                    + maxPositionEmbeddings);
        }
        id2label = Map.copyOf(id2label);
    }

    private static void positive(JsonConfig json, String field, int value) {
        if (value <= 0) {
            throw json.error(field, "must be positive, found " + value);
        }
    }

    public static BertConfig from(JsonConfig json) {
        String positions = json.optString("position_embedding_type", "absolute");
        if (!positions.equals("absolute")) {
            throw json.error("position_embedding_type", "is '" + positions + "'; only 'absolute' is supported");
        }
        Activation act;
        try {
            act = Activation.fromHf(json.requireString("hidden_act"));
        } catch (IllegalArgumentException e) {
            throw json.error("hidden_act", e.getMessage());
        }
        return new BertConfig(
                json.requireString("model_type"),
                json.requireInt("vocab_size"),
                json.requireInt("hidden_size"),
                json.requireInt("num_hidden_layers"),
                json.requireInt("num_attention_heads"),
                json.requireInt("intermediate_size"),
                act,
                json.optDouble("hidden_dropout_prob", 0.1),
                json.optDouble("attention_probs_dropout_prob", 0.1),
                json.requireInt("max_position_embeddings"),
                json.optInt("type_vocab_size", 2),
                json.optDouble("layer_norm_eps", 1e-12),
                json.optInt("pad_token_id", 0),
                json.has("classifier_dropout") ? json.requireDouble("classifier_dropout") : null,
                json.id2label(2),
                json);
    }

    public boolean isRoberta() {
        return modelType.equals("roberta");
    }

    public EncoderSpec toEncoderSpec() {
        float hidden = (float) hiddenDropoutProb;
        LayerSpec layer = new LayerSpec(hiddenSize, numAttentionHeads, intermediateSize, hiddenAct, layerNormEps,
                (float) attentionProbsDropoutProb, hidden, 0f, false);
        return new EncoderSpec(
                layer,
                numHiddenLayers,
                vocabSize,
                maxPositionEmbeddings,
                typeVocabSize,
                isRoberta() ? PositionStyle.AFTER_PADDING : PositionStyle.ABSOLUTE,
                padTokenId,
                hidden,
                isRoberta() ? HeadStyle.ROBERTA : HeadStyle.BERT,
                classifierDropout == null ? hidden : classifierDropout.floatValue(),
                id2label.size());
    }
}
