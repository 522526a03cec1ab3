package dev.graft.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graft.core.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The picocli layer: options reach the jobs, usage errors exit 2, every command explains itself. */
class TokenizerCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new TokenizerCommand());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    /** Runs with System.out captured: the commands print their results there. */
    private String stdout(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            assertThat(run(args)).as("exit code; stderr: %s", err).isZero();
        } finally {
            System.setOut(saved);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trainThenStats() throws IOException {
        Path corpus = Files.writeString(dir.resolve("c.txt"), "low lower lowest\nnew newer newest\n".repeat(20));
        Path out = dir.resolve("tok");
        String summary = stdout("train", "--type", "WordPiece", "--vocab-size", "20", "--input", corpus.toString(),
                "--output", out.toString(), "--lowercase", "--threads", "1");
        assertThat(summary).startsWith("wordpiece: 20 tokens (8 alphabet symbols, 7 merges)").contains(out.resolve("tokenizer.json").toString());
        assertThat(Files.readString(out.resolve("tokenizer_config.json"))).contains("\"model_max_length\" : 512");

        String json = stdout("stats", "--tokenizer", out.toString(), "--input", corpus.toString());
        assertThat(json).startsWith("{\"tokenizer\":").contains("\"lines\":40,\"words\":120,", "\"unk_rate\":0.0");
    }

    /** Progress lines go to standard error unless --quiet; the summary goes to standard output either way. */
    @Test
    void quietTrainPrintsNoProgress() throws IOException {
        Path corpus = Files.writeString(dir.resolve("c.txt"), "low lower lowest\nnew newer newest\n".repeat(20));
        for (boolean quiet : new boolean[] {false, true}) {
            PrintStream saved = System.err;
            ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            String summary;
            try {
                List<String> args = new ArrayList<>(List.of("train", "--type", "wordpiece", "--vocab-size", "20",
                        "--input", corpus.toString(), "--output", dir.resolve("tok-" + quiet).toString(), "--threads", "1"));
                if (quiet) {
                    args.add("--quiet");
                }
                summary = stdout(args.toArray(String[]::new));
            } finally {
                System.setErr(saved);
            }
            assertThat(summary).as("quiet=" + quiet).startsWith("wordpiece: 20 tokens");
            String progress = errBytes.toString(StandardCharsets.UTF_8);
            if (quiet) {
                assertThat(progress).doesNotContain("graft tokenizer train: ");
            } else {
                assertThat(progress).contains("graft tokenizer train: reading MB", "graft tokenizer train: merges");
            }
        }
    }

    @Test
    void unknownTypeIsAUsageError() {
        assertThat(run("train", "--type", "sentencepiece", "--vocab-size", "10", "--input", "x", "--output", "y")).isEqualTo(2);
        assertThat(err.toString()).contains("'sentencepiece' is not a tokenizer type; use wordpiece or bpe");
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        assertThat(run("stats", "--tokenizer", Fixtures.path("tokenizers/tiny-bpe").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--input=FILE'");
    }

    @ParameterizedTest
    @CsvSource({"train, tokenizer_config.json", "stats, fertility", "bench, spm_train"})
    void everyCommandHasHelp(String command, String explained) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new TokenizerCommand());
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute(command, "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: tokenizer " + command).contains(explained, "--help").hasSizeGreaterThan(600);
    }
}
