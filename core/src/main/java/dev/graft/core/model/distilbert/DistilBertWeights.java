package dev.graft.core.model.distilbert;

import dev.graft.core.checkpoint.WeightNames;

/** Where DistilBERT keeps each tensor (HF {@code modeling_distilbert}). */
public final class DistilBertWeights {
    private DistilBertWeights() {}

    public static WeightNames names() {
        String layer = "transformer.layer.{i}.";
        return WeightNames.builder("distilbert.")
                .body("embeddings.word", "embeddings.word_embeddings")
                .body("embeddings.position", "embeddings.position_embeddings")
                .body("embeddings.norm", "embeddings.LayerNorm")
                .body("encoder.layers.{i}.attention.query", layer + "attention.q_lin")
                .body("encoder.layers.{i}.attention.key", layer + "attention.k_lin")
                .body("encoder.layers.{i}.attention.value", layer + "attention.v_lin")
                .body("encoder.layers.{i}.attention.output", layer + "attention.out_lin")
                .body("encoder.layers.{i}.attention_norm", layer + "sa_layer_norm")
                .body("encoder.layers.{i}.ffn.in", layer + "ffn.lin1")
                .body("encoder.layers.{i}.ffn.out", layer + "ffn.lin2")
                .body("encoder.layers.{i}.ffn_norm", layer + "output_layer_norm")
                .head("classifier.dense", "pre_classifier")
                .head("classifier.out", "classifier")
                .head("mlm.dense", "vocab_transform")
                .head("mlm.norm", "vocab_layer_norm")
                .head("mlm", "vocab_projector")
                .ignore("embeddings.position_ids")
                .ignore("vocab_projector.weight")
                .build();
    }
}
