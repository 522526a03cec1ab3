package dev.graft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link DemoPlan#steps}: the progress bar's total is the steps graft finetune takes. */
class DemoPlanTest {
    @Test
    void stepsAreWhatFinetuneLogged() {
        DemoPlan plan = DemoPlan.standard();
        DemoPlan.Run full = plan.runs().get(0);
        // the standard demo's full run logged its last evaluation at step 1875 (3 epochs of 625 batches:
        // 12 mega-batches of 50, then 1,600 rows in 25)
        assertThat(plan.steps(full)).isEqualTo(1875);
    }
}
