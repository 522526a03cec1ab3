package dev.graft.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * A learned map {@code (…, in) → (…, out)}: a {@link Linear}, or a PEFT wrapper around one (LoRA,
 * IA³, a bottleneck adapter). Attention and feed-forward blocks call their projections through this
 * type so that a wrapper can take a projection's place without the block being forked.
 */
public interface Projection {
    long inFeatures();

    long outFeatures();

    /** @param x (…, in) @return (…, out) */
    NDArray apply(ParameterStore ps, NDArray x, boolean training);
}
