package dev.graft.core.peft;

/**
 * Bottleneck adapters (Houlsby et al. 2019). Not a PEFT type; saved under our own {@code peft_type}
 * {@code GRAFT_BOTTLENECK} in PEFT's file layout (see docs/PEFT.md).
 *
 * @param placement {@code HOULSBY}: after the attention and after the feed-forward projections;
 *     {@code PFEIFFER} (Pfeiffer et al. 2021): after the feed-forward only
 * @param reductionFactor hidden size / bottleneck width, ≥ 1
 */
public record BottleneckConfig(Placement placement, int reductionFactor, boolean trainHead) implements PeftConfig {

    /** Where adapters sit in each layer. */
    public enum Placement {
        HOULSBY,
        PFEIFFER
    }

    public BottleneckConfig {
        if (placement == null) {
            throw new IllegalArgumentException("bottleneck adapter placement must be HOULSBY or PFEIFFER, got null");
        }
        if (reductionFactor < 1) {
            throw new IllegalArgumentException("bottleneck reduction factor must be >= 1, got " + reductionFactor);
        }
    }

    @Override
    public String peftType() {
        return "GRAFT_BOTTLENECK";
    }
}
