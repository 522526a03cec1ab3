package dev.graft.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One line per stage start and end, none repeated: reader threads each report the end of their share. */
class ConsoleProgressTest {
    @Test
    void printsEachStageStartAndEndOnceWhateverTheRepeats() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress("graft tokenizer train", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        p.report("reading MB", 0, 2);
        for (int thread = 0; thread < 4; thread++) {
            p.report("reading MB", 2, 2);
            Thread.sleep(2); // more than the old 1 ms guard, which let these through
        }
        p.report("merges", 0, 951);
        p.report("merges", 951, 951);
        p.report("merges", 951, 951);
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "graft tokenizer train: reading MB 0/2", "graft tokenizer train: reading MB 2/2",
                "graft tokenizer train: merges 0/951", "graft tokenizer train: merges 951/951");
    }

    @Test
    void aStageThatComesBackPrintsAgain() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress p = new ConsoleProgress("x", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        p.report("a", 1, 1);
        p.report("b", 1, 1);
        p.report("a", 1, 1);
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly("x: a 1/1", "x: b 1/1", "x: a 1/1");
    }
}
