package dev.graft.core.peft;

import java.util.Set;

/**
 * A layer holding named LoRA adapters, one active at a time: {@link LoraLinear} in a projection's place,
 * {@link LoraEmbedding} on the word embedding. {@link Peft} switches, merges and removes adapters
 * through this, whichever kind of layer holds them.
 */
interface LoraLayer {
    Set<String> adapterNames();

    String activeAdapter();

    /** The adapter folded into the frozen weight, or null. */
    String mergedAdapter();

    /**
     * Refuses to make {@code name} active (null, or a name this layer lacks: none) while another adapter
     * is merged; called for every layer before any switches, so a refusal changes nothing.
     */
    void checkSwitch(String name);

    void merge();

    void unmerge();

    void removeAdapter(String name);
}
