package dev.graft.core.data;

import java.util.List;

/** Which classes a model predicts: the 3-way SNLI/MultiNLI labels or the 2-way RTE/HANS view. */
public enum LabelView {
    /** 0 entailment, 1 neutral, 2 contradiction (the HF order). */
    THREE_WAY(List.of(NliLabel.ENTAILMENT, NliLabel.NEUTRAL, NliLabel.CONTRADICTION)),
    /** 0 entailment, 1 not_entailment. */
    TWO_WAY(List.of(NliLabel.ENTAILMENT, NliLabel.NOT_ENTAILMENT));

    private final List<NliLabel> classes;

    LabelView(List<NliLabel> classes) {
        this.classes = classes;
    }

    public List<NliLabel> classes() {
        return classes;
    }

    /**
     * The class index of {@code label} in this view. RTE's not_entailment cannot be split into
     * neutral and contradiction, so it has no 3-way class.
     */
    public int classOf(NliLabel label) {
        NliLabel l = this == TWO_WAY ? label.twoWay() : label;
        int i = classes.indexOf(l);
        if (i < 0) {
            throw new IllegalArgumentException("label " + label + " has no class in the 3-way view"
                    + " (it is RTE's 2-way label); use the 2-way view");
        }
        return i;
    }
}
