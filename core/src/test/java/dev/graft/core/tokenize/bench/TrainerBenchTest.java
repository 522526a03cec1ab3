package dev.graft.core.tokenize.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graft.core.tokenize.train.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's mechanics on a tiny corpus; its speed goal is measured by the command, not here. */
class TrainerBenchTest {
    @TempDir
    Path dir;

    @Test
    void timesEveryTrainerAndReportsSpmWhetherOrNotItRan() {
        BenchResult r = TrainerBench.run(new BenchRequest(0.05, 400, 1, dir, 1), Progress.NONE);
        assertThat(r.corpusMb()).isBetween(0.05, 0.06);
        assertThat(r.graftBpeSeconds()).isPositive();
        assertThat(r.graftWordPieceSeconds()).isPositive();
        assertThat(Files.exists(dir.resolve("bpe/tokenizer.json"))).isTrue();
        assertThat(Files.exists(dir.resolve("wordpiece/tokenizer.json"))).isTrue();
        String json = r.toJson();
        assertThat(json).startsWith("{\"corpus_mb\":0.05,\"vocab\":400,\"graft_bpe_s\":")
                .contains("\"graft_wordpiece_s\":", "\"spm_bpe_s\":", "\"ratio\":", "\"threads\":1");
        if (TrainerBench.findOnPath("spm_train") == null) {
            assertThat(r.spm()).startsWith("spm_train not found on PATH");
            assertThat(json).contains("\"spm_bpe_s\":null", "\"ratio\":null");
        } else {
            assertThat(r.spmBpeSeconds()).as(r.spm()).isPositive();
            assertThat(r.ratio()).isEqualTo(r.graftBpeSeconds() / r.spmBpeSeconds());
            assertThat(Files.exists(dir.resolve("spm.model"))).isTrue();
        }
    }

    @Test
    void absentProgramsAreNotFound() {
        assertThat(TrainerBench.findOnPath("graft-no-such-program")).isNull();
    }

    @Test
    void requestIsValidated() {
        assertThatThrownBy(() -> new BenchRequest(0, 8000, 1, null, 1)).hasMessage("--mb must be positive, got 0.0");
        assertThatThrownBy(() -> new BenchRequest(1, 100, 1, null, 1))
                .hasMessage("--vocab-size must be at least 300 (the byte-level alphabet is 257), got 100");
    }
}
