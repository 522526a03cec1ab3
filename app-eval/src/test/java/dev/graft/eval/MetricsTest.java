package dev.graft.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.graft.core.data.NliLabel;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final List<NliLabel> THREE = List.of(NliLabel.ENTAILMENT, NliLabel.NEUTRAL, NliLabel.CONTRADICTION);

    @Test
    void knownPredictionsGiveTheHandComputedFigures() {
        // gold:      E E E N N C C C
        // predicted: E E N N C C C E
        int[] gold = {0, 0, 0, 1, 1, 2, 2, 2};
        int[] pred = {0, 0, 1, 1, 2, 2, 2, 0};
        double[][] probs = new double[8][];
        for (int i = 0; i < 8; i++) {
            probs[i] = new double[] {0.1, 0.1, 0.1};
            probs[i][pred[i]] = 0.8; // confidence 0.8 everywhere
        }
        Metrics m = Metrics.compute(THREE, gold, pred, probs, 1000, 7);
        assertThat(m.accuracy()).isEqualTo(5.0 / 8);
        assertThat(m.confusion()).isDeepEqualTo(new long[][] {{2, 1, 0}, {0, 1, 1}, {1, 0, 2}});
        // E: tp 2, predicted 3, gold 3; N: tp 1, predicted 2, gold 2; C: tp 2, predicted 3, gold 3
        assertThat(m.perClass().get(0).precision()).isEqualTo(2.0 / 3);
        assertThat(m.perClass().get(0).recall()).isEqualTo(2.0 / 3);
        assertThat(m.perClass().get(1).precision()).isEqualTo(0.5);
        assertThat(m.perClass().get(1).recall()).isEqualTo(0.5);
        assertThat(m.perClass().get(2).f1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.macroF1()).isCloseTo((2.0 / 3 + 0.5 + 2.0 / 3) / 3, within(1e-12));
        // right rows have p(gold) 0.8, wrong ones 0.1
        assertThat(m.logLoss()).isCloseTo((5 * -Math.log(0.8) + 3 * -Math.log(0.1)) / 8, within(1e-12));
        // one bin (0.8 lies in (0.7333, 0.8]): |0.625 - 0.8|
        assertThat(m.calibration().ece()).isCloseTo(0.175, within(1e-12));
        assertThat(m.calibration().bins()).hasSize(15);
        assertThat(m.calibration().bins().get(11).count()).isEqualTo(8);
        assertThat(m.standardError()).isCloseTo(Math.sqrt(0.625 * 0.375 / 7), within(1e-12));
        assertThat(m.interval95().contains(m.accuracy())).isTrue();
    }

    @Test
    void bootstrapIntervalHoldsThePointEstimateAndNarrowsWithN() {
        double previous = Double.MAX_VALUE;
        for (int n : new int[] {100, 1000, 10000}) {
            boolean[] correct = new boolean[n];
            SplittableRandom rng = new SplittableRandom(n);
            long hits = 0;
            for (int i = 0; i < n; i++) {
                correct[i] = rng.nextDouble() < 0.7;
                hits += correct[i] ? 1 : 0;
            }
            double p = (double) hits / n;
            Interval ci = Bootstrap.accuracy95(correct, 1000, 1);
            assertThat(ci.contains(p)).as("n=%d p=%f ci=%s", n, p, ci).isTrue();
            assertThat(ci.width()).isLessThan(previous);
            // close to the normal approximation 2 × 1.96 × SE
            assertThat(ci.width()).isCloseTo(2 * 1.96 * Bootstrap.standardError(p, n), within(0.25 * ci.width()));
            previous = ci.width();
        }
        boolean[] same = {true, false, true, true, false};
        assertThat(Bootstrap.accuracy95(same, 1000, 3)).isEqualTo(Bootstrap.accuracy95(same, 1000, 3));
    }

    @Test
    void labelsOrderedDifferentlyInTheHeadMapByName() {
        LabelMapping map = LabelMapping.of(List.of("contradiction", "entailment", "neutral"), THREE);
        LabelMapping.Scored s = map.score(new float[] {0f, 3f, 1f});
        assertThat(map.classes().get(s.predicted())).isEqualTo(NliLabel.ENTAILMENT);
        assertThat(s.probs()[0]).isGreaterThan(s.probs()[1]).isGreaterThan(s.probs()[2]);
    }

    @Test
    void threeWayHeadOnTwoWayDataMergesNeutralAndContradiction() {
        LabelMapping map = LabelMapping.of(List.of("entailment", "neutral", "contradiction"),
                List.of(NliLabel.ENTAILMENT, NliLabel.NOT_ENTAILMENT));
        LabelMapping.Scored s = map.score(new float[] {0f, 0f, 0f});
        assertThat(s.probs()).containsExactly(new double[] {1.0 / 3, 2.0 / 3}, within(1e-12));
    }
}
