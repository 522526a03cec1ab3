package dev.graft.core.peft;

import java.util.Locale;
import java.util.Optional;

/**
 * A projection a PEFT method can wrap, named by role rather than by a family's module name. A
 * config's targets are a set of these; HF module names ({@code query}, {@code q_lin}, {@code c_attn},
 * {@code q}, {@code dense} …) are accepted too and resolved against the model's own weight names
 * (see {@link ModelSlots}), as PEFT matches {@code target_modules} against module-path suffixes.
 */
public enum Target {
    QUERY(true, "query"),
    KEY(true, "key"),
    VALUE(true, "value"),
    /** GPT-2's fused {@code c_attn} (one (H, 3·inner) projection for Q, K and V). */
    FUSED_QKV(true, "qkv"),
    ATTENTION_OUTPUT(true, "output"),
    /** T5 v1.1's gated feed-forward {@code wi_0}. */
    FFN_GATE(false, "gate"),
    FFN_IN(false, "in"),
    FFN_OUT(false, "out");

    private final boolean attention;
    private final String child;

    Target(boolean attention, String child) {
        this.attention = attention;
        this.child = child;
    }

    /** Whether the projection belongs to an attention block (else to a feed-forward block). */
    public boolean inAttention() {
        return attention;
    }

    /** The child name of the projection in its block. */
    public String child() {
        return child;
    }

    /** The lower-case name used in configs: {@code query}, {@code fused_qkv}, {@code ffn_in} … */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The target a config string names as a role ({@code QUERY}, {@code ffn_out}), if it is one. */
    public static Optional<Target> byName(String name) {
        for (Target t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    static Target of(boolean inAttention, String child) {
        for (Target t : values()) {
            if (t.attention == inAttention && t.child.equals(child)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no target for " + (inAttention ? "attention." : "ffn.") + child);
    }
}
