package dev.graft.core.model.gpt2;

import dev.graft.core.checkpoint.WeightNames;

/**
 * Where GPT-2 keeps each tensor (HF {@code modeling_gpt2}). Published checkpoints come bare
 * ({@code wte.weight}, {@code h.0.…}) or under {@code transformer.} with a tied {@code lm_head.weight};
 * its {@code Conv1D} layers store weights (in, out).
 */
public final class Gpt2Weights {
    private Gpt2Weights() {}

    public static WeightNames names() {
        String block = "h.{i}.";
        return WeightNames.builder("transformer.")
                .body("embeddings.word", "wte")
                .body("embeddings.position", "wpe")
                .bodyTransposed("decoder.layers.{i}.attention.qkv", block + "attn.c_attn")
                .bodyTransposed("decoder.layers.{i}.attention.output", block + "attn.c_proj")
                .body("decoder.layers.{i}.attention_norm", block + "ln_1")
                .bodyTransposed("decoder.layers.{i}.ffn.in", block + "mlp.c_fc")
                .bodyTransposed("decoder.layers.{i}.ffn.out", block + "mlp.c_proj")
                .body("decoder.layers.{i}.ffn_norm", block + "ln_2")
                .body("decoder.norm", "ln_f")
                .ignore("lm_head.weight")
                // Older checkpoints store the causal mask as buffers.
                .ignore("h.{i}.attn.bias")
                .ignore("h.{i}.attn.masked_bias")
                .build();
    }
}
