package dev.graft.core.peft;

import java.util.List;

/**
 * LoRA (Hu et al. 2021).
 *
 * @param rank r > 0
 * @param alpha α > 0; the update is scaled by α/r, or α/√r with {@code rsLora}
 * @param dropout on the adapter's input, in [0, 1)
 * @param targets typed targets ({@code query}, {@code fused_qkv}, {@code ffn_out} …) or HF module names
 *     ({@code query}, {@code q_lin}, {@code c_attn}, {@code q}, {@code dense}, {@code attention.output.dense});
 *     {@code word_embeddings} (GPT-2: {@code wte} too) puts LoRA on the word embedding ({@link LoraEmbedding})
 * @param rsLora rank-stabilised scaling α/√r (Kalajdzievski 2023)
 */
public record LoraConfig(int rank, float alpha, float dropout, List<String> targets, boolean rsLora, boolean trainHead)
        implements PeftConfig {

    public LoraConfig {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank must be > 0, got " + rank);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("LoRA alpha must be > 0, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
        }
        targets = PeftConfig.checkTargets("LoRA", targets);
    }

    /** rank r, α, no dropout, standard scaling, head frozen. */
    public static LoraConfig of(int rank, float alpha, Target... targets) {
        return new LoraConfig(rank, alpha, 0f, PeftConfig.names(targets), false, false);
    }

    public LoraConfig withTrainHead(boolean train) {
        return new LoraConfig(rank, alpha, dropout, targets, rsLora, train);
    }

    /** The factor applied to {@code B A x}. */
    public float scaling() {
        return (float) (rsLora ? alpha / Math.sqrt(rank) : alpha / (double) rank);
    }

    @Override
    public String peftType() {
        return "LORA";
    }
}
