package dev.graft.core.data.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same seed, same files, byte for byte; another seed, other files. */
class SynthDeterminismTest {
    @TempDir
    Path tmp;

    @Test
    void sameSeedSameBytes() throws Exception {
        SynthResult a = SynthJob.run(new SynthConfig(600, 60, 60, 7, tmp.resolve("a")));
        SynthResult b = SynthJob.run(new SynthConfig(600, 60, 60, 7, tmp.resolve("b")));
        SynthJob.run(new SynthConfig(600, 60, 60, 8, tmp.resolve("c")));
        for (String split : new String[] {"train", "dev", "test"}) {
            byte[] first = Files.readAllBytes(tmp.resolve("a").resolve(split + ".jsonl"));
            assertThat(Files.readAllBytes(tmp.resolve("b").resolve(split + ".jsonl"))).as(split).isEqualTo(first);
            assertThat(Files.readAllBytes(tmp.resolve("c").resolve(split + ".jsonl"))).as(split).isNotEqualTo(first);
        }
        assertThat(a).isEqualTo(new SynthResult(b.seed(), a.splits(), b.phenomena(), b.redrawn()));
        assertThat(a.splits().get("dev").rows()).isEqualTo(60);
        assertThat(Files.readAllLines(a.splits().get("train").file())).hasSize(600);
        // No temporary file is left behind.
        try (var files = Files.list(tmp.resolve("a"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("train.jsonl", "dev.jsonl", "test.jsonl");
        }
    }

    @Test
    void sizesDefaultToATenthForDevAndTest() {
        assertThat(SynthConfig.of(10_000, 1, tmp)).isEqualTo(new SynthConfig(10_000, 1_000, 1_000, 1, tmp));
        assertThat(SynthConfig.of(90, 1, tmp)).isEqualTo(new SynthConfig(90, 30, 30, 1, tmp));
    }

    @Test
    void badSizesAreRejected() {
        assertThatThrownBy(() -> new SynthConfig(0, 10, 10, 1, tmp))
                .hasMessage("synth needs at least 1 training pair and no negative split sizes, found train 0, dev 10, test 10");
        assertThatThrownBy(() -> new SynthConfig(1_000_000, 1, 0, 1, tmp))
                .hasMessage("synth writes at most 1000000 pairs in all, asked for 1000001");
    }
}
