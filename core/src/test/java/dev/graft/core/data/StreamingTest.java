package dev.graft.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MultiNLI-sized input streams through: the reader is lazy and holds one row at a time. */
class StreamingTest {
    /** MultiNLI 1.0 train has 392,702 pairs. */
    private static final int ROWS = 393_000;

    @TempDir
    static Path tmp;

    private static Path big;

    /** A MultiNLI-layout file of {@link #ROWS} rows (~110 MB) whose last line is broken. */
    @BeforeAll
    static void writeBigFile() throws IOException {
        big = tmp.resolve("multinli_big.jsonl");
        String[] genres = {"fiction", "government", "slate", "telephone", "travel"};
        String[] gold = {"entailment", "neutral", "contradiction"};
        try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            for (int i = 0; i < ROWS; i++) {
                w.write("{\"annotator_labels\": [\"" + gold[i % 3] + "\"], \"genre\": \"" + genres[i % 5]
                        + "\", \"gold_label\": \"" + gold[i % 3] + "\", \"pairID\": \"" + i + "e\", \"promptID\": \"" + i
                        + "\", \"sentence1\": \"Premise number " + i + " says that the weather was fine all week long.\","
                        + " \"sentence1_binary_parse\": \"( ( Premise ( number " + i + " ) ) says )\","
                        + " \"sentence1_parse\": \"(ROOT (S (NP (NN Premise)) (VP (VBZ says))))\","
                        + " \"sentence2\": \"Hypothesis " + i + " says it rained.\", \"sentence2_binary_parse\": \"( a b )\","
                        + " \"sentence2_parse\": \"(ROOT (NN a))\"}\n");
            }
            w.write("{\"this row\": is broken\n");
        }
    }

    @Test
    void firstRowsComeBeforeTheFileIsReadToTheEnd() {
        // The broken last line would throw if the reader parsed the whole file up front.
        try (Stream<NliExample> s = NliReader.stream(big, ReadOptions.defaults())) {
            List<String> ids = s.limit(3).map(NliExample::id).collect(Collectors.toList());
            assertThat(ids).containsExactly("0e", "1e", "2e");
        }
    }

    @Test
    void memoryStaysBoundedOverAllRowsAndTheBrokenLastRowStillStops() {
        long[] baseline = new long[1];
        long[] peak = new long[1];
        long[] n = new long[1];
        try (NliReader r = NliReader.open(big, ReadOptions.defaults())) {
            assertThatThrownBy(() -> r.forEachRemaining(e -> {
                n[0]++;
                if (n[0] == 1_000) {
                    baseline[0] = usedAfterGc();
                } else if (n[0] % 100_000 == 0) {
                    peak[0] = Math.max(peak[0], usedAfterGc());
                }
            })).isInstanceOf(NliDataException.class).hasMessageStartingWith(big + ":" + (ROWS + 1) + ": not valid JSON");
            assertThat(n[0]).isEqualTo(ROWS);
            assertThat(r.counts().rowsUsed()).isEqualTo(ROWS);
        }
        // Held as a list, these rows take well over 100 MB; streamed, the heap does not grow with them.
        assertThat(peak[0] - baseline[0]).as("heap growth in bytes").isLessThan(32L << 20);
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
