package dev.graft.core.peft;

import java.util.List;

/**
 * (IA)³ (Liu et al. 2022): learned vectors, initialised to one, rescaling keys, values and the
 * feed-forward's intermediate activations.
 *
 * @param targets projections to rescale (typed targets or HF module names)
 * @param feedForwardTargets those of {@code targets} whose input is rescaled rather than their output
 *     (PEFT's {@code feedforward_modules}); must be a subset of {@code targets}
 */
public record Ia3Config(List<String> targets, List<String> feedForwardTargets, boolean trainHead) implements PeftConfig {

    public Ia3Config {
        targets = PeftConfig.checkTargets("IA3", targets);
        feedForwardTargets = List.copyOf(feedForwardTargets);
        for (String f : feedForwardTargets) {
            if (!targets.contains(f)) {
                throw new IllegalArgumentException("IA3 feed-forward target '" + f + "' must also be a target; targets are "
                        + targets);
            }
        }
    }

    /** The paper's placement: keys, values, and the input of the feed-forward output projection. */
    public static Ia3Config standard() {
        return new Ia3Config(List.of("key", "value", "ffn_out"), List.of("ffn_out"), false);
    }

    public Ia3Config withTrainHead(boolean train) {
        return new Ia3Config(targets, feedForwardTargets, train);
    }

    @Override
    public String peftType() {
        return "IA3";
    }
}
