package dev.graft.core.model.t5;

import dev.graft.core.checkpoint.WeightNames;

/** Where T5 keeps each tensor (HF {@code modeling_t5}); the table depends on the FFN variant and tying. */
public final class T5Weights {
    private T5Weights() {}

    public static WeightNames names(T5Config config) {
        WeightNames.Builder b = WeightNames.builder("");
        b.body("shared", "shared")
                .body("encoder_bias", "encoder.block.0.layer.0.SelfAttention.relative_attention_bias")
                .body("decoder_bias", "decoder.block.0.layer.0.SelfAttention.relative_attention_bias")
                .body("encoder.norm", "encoder.final_layer_norm")
                .body("decoder.norm", "decoder.final_layer_norm");
        attention(b, "encoder.layers.{i}.attention", "encoder.block.{i}.layer.0.SelfAttention");
        b.body("encoder.layers.{i}.attention_norm", "encoder.block.{i}.layer.0.layer_norm");
        ffn(b, config, "encoder.layers.{i}.ffn", "encoder.block.{i}.layer.1");
        attention(b, "decoder.layers.{i}.self_attention", "decoder.block.{i}.layer.0.SelfAttention");
        b.body("decoder.layers.{i}.self_attention_norm", "decoder.block.{i}.layer.0.layer_norm");
        attention(b, "decoder.layers.{i}.cross_attention", "decoder.block.{i}.layer.1.EncDecAttention");
        b.body("decoder.layers.{i}.cross_attention_norm", "decoder.block.{i}.layer.1.layer_norm");
        ffn(b, config, "decoder.layers.{i}.ffn", "decoder.block.{i}.layer.2");
        // Both stacks' embed_tokens are the shared table; a tied lm_head is too.
        b.ignore("encoder.embed_tokens.weight").ignore("decoder.embed_tokens.weight");
        if (config.tieWordEmbeddings()) {
            b.ignore("lm_head.weight");
        } else {
            b.head("lm_head", "lm_head");
        }
        return b.build();
    }

    private static void attention(WeightNames.Builder b, String ours, String theirs) {
        b.body(ours + ".query", theirs + ".q")
                .body(ours + ".key", theirs + ".k")
                .body(ours + ".value", theirs + ".v")
                .body(ours + ".output", theirs + ".o");
    }

    private static void ffn(WeightNames.Builder b, T5Config config, String ours, String theirs) {
        b.body(ours.replace(".ffn", ".ffn_norm"), theirs + ".layer_norm");
        String dense = theirs + ".DenseReluDense";
        if (config.gated()) {
            b.body(ours + ".gate", dense + ".wi_0").body(ours + ".in", dense + ".wi_1");
        } else {
            b.body(ours + ".in", dense + ".wi");
        }
        b.body(ours + ".out", dense + ".wo");
    }
}
