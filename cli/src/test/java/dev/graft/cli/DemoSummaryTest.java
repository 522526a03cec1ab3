package dev.graft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The goals the demo checks, on the standard run's figures (session 5's run of {@code bin/graft demo}). */
class DemoSummaryTest {
    private static DemoSummary summary(double loraTest) {
        return new DemoSummary(List.of(
                new DemoSummary.Row("full", 603_267, 603_267, 100.0, 0.905, 0.908, 0.890, 0.926, 0.333, 147.3),
                new DemoSummary.Row("head", 387, 603_654, 0.06, 0.468, 0.450, 0.421, 0.482, 0.319, 14.5),
                new DemoSummary.Row("lora", 11_661, 614_541, 1.90, 0.760, loraTest, 0.747, 0.797, 0.331, 134.0)),
                212.7, "p", "h");
    }

    @Test
    void theStandardRunNamesTheMissedGoal() {
        DemoSummary s = summary(0.773);
        assertThat(s.allGoalsMet()).isFalse();
        assertThat(s.goals(true)).startsWith("goals:\n")
                .contains("[missed] LoRA test accuracy 0.7730 within 5 points of full (0.9080)")
                .contains("[met]    full fine-tuning test accuracy 0.9080 >= 0.90")
                .contains("[met]    LoRA trains 1.90% <= 2% of the parameters")
                .contains("[met]    head: hypothesis-only probe 0.3190 near chance (< 0.40)");
    }

    @Test
    void fivePointsBehindIsStillWithin() {
        assertThat(summary(0.858).allGoalsMet()).isTrue();
        assertThat(summary(0.857).allGoalsMet()).isFalse();
    }

    @Test
    void tinySaysItsGoalsAreNotEnforced() {
        assertThat(summary(0.773).goals(false)).startsWith("goals (reported, not enforced: --tiny")
                .contains("[missed] LoRA");
    }
}
