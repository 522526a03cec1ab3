package dev.graft.finetune;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether a run learnt anything: a best dev accuracy no better than always answering the commonest dev
 * label means the classifier's answers do not depend on its input. A collapsed run ends like this (met
 * with LoRA at too high a learning rate: from a few hundred steps on, the loss sits at ln(classes) and
 * the gradient norm near zero), and without a word its output directory looks like any other.
 */
final class LearningCheck {
    /** An accuracy this little above the commonest label's share still counts as learning nothing. */
    static final double MARGIN = 0.01;

    private LearningCheck() {}

    /**
     * The warning for a run whose best dev accuracy is within {@link #MARGIN} of the commonest dev label's
     * share; empty when it is above, when no evaluation ran (NaN) or when dev has a single label (then
     * accuracy cannot tell a model from a constant).
     */
    static Optional<String> warning(double bestDevAccuracy, List<String> devLabels, double lr) {
        if (Double.isNaN(bestDevAccuracy) || devLabels.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> counts = devLabels.stream()
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        if (counts.size() < 2) {
            return Optional.empty();
        }
        Map.Entry<String, Long> top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        double share = top.getValue() / (double) devLabels.size();
        if (bestDevAccuracy > share + MARGIN) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "warning: the best dev accuracy, %.4f, is no better than always"
                + " answering '%s', the commonest of %d dev labels (%.4f of %,d rows): the model learnt nothing that"
                + " carries over to dev. If the training loss stayed near ln(%d) = %.3f, training collapsed; a lower"
                + " --lr (this run: %s) is the usual cure", bestDevAccuracy, top.getKey(), counts.size(), share,
                devLabels.size(), counts.size(), Math.log(counts.size()), lr));
    }
}
