package dev.graft.eval;

import dev.graft.core.data.LabelView;
import dev.graft.core.data.NliLabel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Maps a model's head classes onto a dataset's labels by name, so a head that orders its labels
 * differently (contradiction first, say) still scores right, and a name that matches nothing stops the
 * run instead of scoring a silent 33%.
 *
 * <p>The view is 2-way (entailment / not_entailment) when the data holds 2-way labels (RTE, HANS) or
 * the head predicts 2-way; a 3-way head then predicts not_entailment for neutral and contradiction, as
 * McCoy et al. (2019) score HANS, and its probabilities are summed likewise.
 */
public final class LabelMapping {
    private final List<String> headLabels;
    private final LabelView view;
    private final int[] headToView;

    private LabelMapping(List<String> headLabels, LabelView view, int[] headToView) {
        this.headLabels = headLabels;
        this.view = view;
        this.headToView = headToView;
    }

    /**
     * @param headLabels the model's label names by class index (id2label)
     * @param dataLabels the gold labels the dataset holds
     * @throws IllegalArgumentException naming both label sets when a head label is no NLI label, is
     *     named twice, or a dataset label has no head class
     */
    public static LabelMapping of(List<String> headLabels, Collection<NliLabel> dataLabels) {
        Set<NliLabel> data = dataLabels.isEmpty() ? EnumSet.noneOf(NliLabel.class) : EnumSet.copyOf(dataLabels);
        List<NliLabel> head = new ArrayList<>();
        for (String name : headLabels) {
            NliLabel l = NliLabel.fromName(name);
            if (l == null) {
                throw new IllegalArgumentException(mismatch("model label '" + name + "' matches none of the dataset's labels",
                        headLabels, data));
            }
            if (head.contains(l)) {
                throw new IllegalArgumentException(mismatch("model label '" + name + "' names a class twice", headLabels, data));
            }
            head.add(l);
        }
        boolean twoWay = data.contains(NliLabel.NOT_ENTAILMENT) || head.contains(NliLabel.NOT_ENTAILMENT);
        LabelView view = twoWay ? LabelView.TWO_WAY : LabelView.THREE_WAY;
        int[] headToView = new int[head.size()];
        boolean[] covered = new boolean[view.classes().size()];
        for (int i = 0; i < head.size(); i++) {
            headToView[i] = view.classOf(head.get(i));
            covered[headToView[i]] = true;
        }
        for (NliLabel gold : data) {
            if (!covered[view.classOf(gold)]) {
                throw new IllegalArgumentException(mismatch("dataset label '" + gold + "' has no class in the model's head",
                        headLabels, data));
            }
        }
        return new LabelMapping(List.copyOf(headLabels), view, headToView);
    }

    private static String mismatch(String what, List<String> head, Set<NliLabel> data) {
        List<String> names = new ArrayList<>();
        data.forEach(l -> names.add(l.label()));
        return what + ": model labels (id2label by index) " + head + ", dataset labels " + names;
    }

    public LabelView view() {
        return view;
    }

    public List<NliLabel> classes() {
        return view.classes();
    }

    public List<String> headLabels() {
        return headLabels;
    }

    /** The view class each head class counts as. */
    public int viewClassOf(int headClass) {
        return headToView[headClass];
    }

    /**
     * Softmax over the head's logits, summed into the view's classes; the prediction is the view class
     * of the head's arg-max.
     */
    public Scored score(float[] logits) {
        if (logits.length != headToView.length) {
            throw new IllegalArgumentException("got " + logits.length + " logits for a head of " + headToView.length
                    + " labels " + headLabels);
        }
        double max = Double.NEGATIVE_INFINITY;
        int argMax = 0;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > max) {
                max = logits[i];
                argMax = i;
            }
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        double[] probs = new double[view.classes().size()];
        for (int i = 0; i < logits.length; i++) {
            probs[headToView[i]] += e[i] / sum;
        }
        return new Scored(headToView[argMax], probs);
    }

    /**
     * @param predicted view class predicted
     * @param probs probability of each view class
     */
    public record Scored(int predicted, double[] probs) {}
}
