package dev.graft.core.peft;

/**
 * Prefix tuning (Li and Liang 2021): learned keys and values prepended in every self-attention layer.
 *
 * @param numVirtualTokens prefix length P > 0
 * @param projection reparameterise through an MLP ({@code P×H → tanh → P×2LH}, §4.3), PEFT's
 *     {@code prefix_projection}
 * @param projectionHiddenSize the MLP's width (PEFT's {@code encoder_hidden_size}); > 0 when projecting
 */
public record PrefixConfig(int numVirtualTokens, boolean projection, int projectionHiddenSize, boolean trainHead)
        implements PeftConfig {

    public PrefixConfig {
        if (numVirtualTokens <= 0) {
            throw new IllegalArgumentException("prefix tuning needs num_virtual_tokens > 0, got " + numVirtualTokens);
        }
        if (projection && projectionHiddenSize <= 0) {
            throw new IllegalArgumentException("the prefix projection needs a hidden size > 0, got " + projectionHiddenSize);
        }
    }

    /** Direct prefixes (no reparameterisation). */
    public static PrefixConfig of(int numVirtualTokens) {
        return new PrefixConfig(numVirtualTokens, false, 0, false);
    }

    @Override
    public String peftType() {
        return "PREFIX_TUNING";
    }
}
