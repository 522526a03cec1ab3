package dev.graft.core.model.bert;

import dev.graft.core.checkpoint.WeightNames;

/** Where BERT and RoBERTa keep each tensor (HF {@code modeling_bert} / {@code modeling_roberta}). */
public final class BertWeights {
    private BertWeights() {}

    public static WeightNames names(boolean roberta) {
        String layer = "encoder.layer.{i}.";
        WeightNames.Builder b = WeightNames.builder(roberta ? "roberta." : "bert.")
                .body("embeddings.word", "embeddings.word_embeddings")
                .body("embeddings.position", "embeddings.position_embeddings")
                .body("embeddings.token_type", "embeddings.token_type_embeddings")
                .body("embeddings.norm", "embeddings.LayerNorm")
                .body("encoder.layers.{i}.attention.query", layer + "attention.self.query")
                .body("encoder.layers.{i}.attention.key", layer + "attention.self.key")
                .body("encoder.layers.{i}.attention.value", layer + "attention.self.value")
                .body("encoder.layers.{i}.attention.output", layer + "attention.output.dense")
                .body("encoder.layers.{i}.attention_norm", layer + "attention.output.LayerNorm")
                .body("encoder.layers.{i}.ffn.in", layer + "intermediate.dense")
                .body("encoder.layers.{i}.ffn.out", layer + "output.dense")
                .body("encoder.layers.{i}.ffn_norm", layer + "output.LayerNorm")
                .body("pooler.dense", "pooler.dense")
                .ignore("embeddings.position_ids")
                .ignore("embeddings.token_type_ids");
        if (roberta) {
            return b.head("classifier.dense", "classifier.dense")
                    .head("classifier.out", "classifier.out_proj")
                    .head("mlm.dense", "lm_head.dense")
                    .head("mlm.norm", "lm_head.layer_norm")
                    .head("mlm", "lm_head")
                    // RobertaForSequenceClassification has no pooler; HF drops one found in a base checkpoint.
                    .ignore("pooler.")
                    .ignore("lm_head.decoder.weight")
                    .ignore("lm_head.decoder.bias")
                    .build();
        }
        return b.head("classifier.out", "classifier")
                .head("mlm.dense", "cls.predictions.transform.dense")
                .head("mlm.norm", "cls.predictions.transform.LayerNorm")
                .head("mlm", "cls.predictions")
                .ignore("cls.predictions.decoder.weight")
                .ignore("cls.predictions.decoder.bias")
                .build();
    }
}
