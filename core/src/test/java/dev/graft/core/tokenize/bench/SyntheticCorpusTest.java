package dev.graft.core.tokenize.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCorpusTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        Path c = dir.resolve("c.txt");
        long written = new SyntheticCorpus(1_000, 1).write(a, 50_000, 2);
        new SyntheticCorpus(1_000, 1).write(b, 50_000, 2);
        new SyntheticCorpus(1_000, 1).write(c, 50_000, 3);
        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
        assertThat(Files.mismatch(a, c)).isNotEqualTo(-1L);
        assertThat(written).isEqualTo(Files.size(a)).isBetween(50_000L, 51_000L);
    }

    @Test
    void wordFrequenciesHaveAZipfHead() throws IOException {
        Path a = dir.resolve("a.txt");
        new SyntheticCorpus(5_000, 1).write(a, 200_000, 2);
        Map<String, Long> counts = Arrays.stream(Files.readString(a).toLowerCase().split("[^\\p{L}]+"))
                .filter(w -> !w.isEmpty()).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        long[] sorted = counts.values().stream().mapToLong(Long::longValue).sorted().toArray();
        long top = sorted[sorted.length - 1];
        long median = sorted[sorted.length / 2];
        assertThat(top).isGreaterThan(50 * median); // a few words dominate, most are rare
        assertThat(counts.size()).isGreaterThan(1_000);
    }
}
