package dev.graft.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.engine.DeviceChoice;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalBenchTest {
    @TempDir
    Path tmp;

    @Test
    void benchTimesRawAndEvalPassesOnTheSameBatches() {
        ObjectNode r = EvalBench.run(new EvalBench.Request(300, 1, 32, 2, 64, 32, 2, DeviceChoice.CPU, tmp));
        assertThat(r.get("pairs").asInt()).isEqualTo(300);
        assertThat(r.get("raw_examples_per_s_runs")).hasSize(2);
        assertThat(r.get("raw_examples_per_s").asDouble()).isPositive();
        assertThat(r.get("eval_examples_per_s").asDouble()).isPositive();
        assertThat(r.get("ratio").asDouble()).isPositive();
        assertThat(tmp.resolve("run-1").resolve(ReportFiles.JSON)).exists();
    }
}
