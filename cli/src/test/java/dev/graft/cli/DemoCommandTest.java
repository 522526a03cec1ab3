package dev.graft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft demo --tiny}: the whole path once, then its artefacts and figures. */
class DemoCommandTest {
    @TempDir
    static Path tmp;
    static Path out;
    static int exit;
    static String stdout;
    static String stderr;

    @BeforeAll
    static void runTinyDemo() {
        out = tmp.resolve("demo");
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        try {
            exit = Graft.run("demo", "--tiny", "--quiet", "--out", out.toString());
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
        stdout = captured.toString(StandardCharsets.UTF_8);
        stderr = capturedErr.toString(StandardCharsets.UTF_8);
        System.out.println(stdout);
        System.err.println(stderr);
    }

    @Test
    void runsToTheEndAndPrintsHowToServe() {
        assertThat(exit).as(stdout).isZero();
        assertThat(stdout).contains("goals (reported, not enforced: --tiny").doesNotContain("goals:\n")
                .contains("bin/graft serve --model " + out.resolve("runs/lora/base"))
                .contains("--adapters " + out.resolve("adapters")).contains("curl -s http://127.0.0.1:8080/v1/classify")
                .contains("\"adapter\": \"lora\"").contains("Everything is under " + out);
    }

    /** --quiet: the stages' commands and results, no stage's progress lines or bars. */
    @Test
    void quietMeansNoProgress() {
        assertThat(stderr).contains("[2/10] train a WordPiece tokenizer").contains("tokenizer train --type wordpiece")
                .doesNotContain("graft tokenizer train: reading MB").doesNotContain("graft tokenizer train: merges");
    }

    @Test
    void everyArtefactIsUnderTheOutputDirectory() {
        for (String f : List.of("data/train.jsonl", "data/dev.jsonl", "data/test.jsonl", "corpus.txt",
                "tokenizer/tokenizer.json", "pretrain/model/config.json", "pretrain/model/model.safetensors",
                "pretrain/model/tokenizer.json", "pretrain/metrics.jsonl", "pretrain/training.png",
                "runs/full/best/model.safetensors", "runs/full/best/tokenizer.json", "runs/head/best/config.json",
                "runs/lora/best/adapter_config.json", "runs/lora/best/adapter_model.safetensors",
                "runs/lora/base/model.safetensors", "runs/full/training.png", "runs/lora/metrics.jsonl",
                "adapters/lora/adapter_config.json", "eval/full/report.html", "eval/head/report.json",
                "eval/lora/report.html", "eval/lora/predictions.jsonl", "compare.md", "compare.html", "demo.json")) {
            assertThat(out.resolve(f)).as(f).isRegularFile();
        }
    }

    @Test
    void figuresAreInRange() throws Exception {
        JsonNode demo = new ObjectMapper().readTree(out.resolve("demo.json").toFile());
        assertThat(demo.path("runs")).hasSize(3);
        for (JsonNode r : demo.path("runs")) {
            String m = r.path("method").asText();
            assertThat(r.path("test_accuracy").asDouble()).as(m + " test accuracy").isBetween(0.0, 1.0);
            assertThat(r.path("hypothesis_only").asDouble()).as(m + " hypothesis-only probe").isLessThan(0.45);
            assertThat(r.path("trainable_parameters").asLong()).as(m).isPositive()
                    .isLessThanOrEqualTo(r.path("total_parameters").asLong());
        }
        JsonNode full = demo.path("runs").get(0);
        JsonNode lora = demo.path("runs").get(2);
        assertThat(full.path("method").asText()).isEqualTo("full");
        assertThat(full.path("trainable_percent").asDouble()).isEqualTo(100.0);
        assertThat(full.path("test_accuracy").asDouble()).as("full fine-tuning above chance").isGreaterThan(0.38);
        assertThat(lora.path("method").asText()).isEqualTo("lora");
        assertThat(lora.path("trainable_percent").asDouble()).as("LoRA share").isLessThanOrEqualTo(2.0);
        assertThat(demo.path("goals").size()).isEqualTo(6);
        assertThat(demo.path("goals_enforced").isBoolean()).isTrue();
        assertThat(demo.path("goals_enforced").asBoolean()).as("--tiny enforces no goal").isFalse();
        assertThat(Files.readString(out.resolve("compare.md"))).contains("| full |").contains("| head |")
                .contains("| lora |");
    }

    @Test
    void refusesAnOutputDirectoryThatHoldsSomethingElse() throws Exception {
        Path other = tmp.resolve("precious");
        Files.createDirectories(other);
        Files.writeString(other.resolve("thesis.txt"), "do not delete");
        Refusal r = demoInto(other);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--out " + other.toAbsolutePath().normalize()
                + " is not empty and holds no earlier demo; choose another directory");
        assertThat(other.resolve("thesis.txt")).exists();
    }

    @Test
    void theDemoWritesNothingItWouldNotReplace() throws Exception {
        assertThat(new DemoPaths(out).foreign()).as("a rerun must be able to replace the demo's own output").isEmpty();
    }

    @Test
    void refusesToReplaceAnEarlierDemoNextToTheUsersFiles() throws Exception {
        Path earlier = tmp.resolve("earlier");
        Files.createDirectories(earlier.resolve("runs/full"));
        Files.createDirectories(earlier.resolve("runs/my-experiment"));
        Files.writeString(earlier.resolve("runs/my-experiment/notes.txt"), "mine");
        Files.writeString(earlier.resolve("demo.json"), "{}");
        Files.writeString(earlier.resolve("mynotes.txt"), "mine too");
        Refusal r = demoInto(earlier);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--out " + earlier.toAbsolutePath().normalize()
                + " holds an earlier demo and also files the demo did not write (mynotes.txt, runs/my-experiment);"
                + " move them or choose another --out");
        assertThat(earlier.resolve("mynotes.txt")).exists();
        assertThat(earlier.resolve("runs/my-experiment/notes.txt")).exists();
        assertThat(earlier.resolve("demo.json")).as("nothing is deleted when it refuses").exists();
    }

    @Test
    void replacesAnEarlierDemoOfItsOwn() throws Exception {
        Path earlier = tmp.resolve("own");
        Files.createDirectories(earlier.resolve("runs/lora/best"));
        Files.writeString(earlier.resolve("runs/lora.log"), "log");
        Files.createDirectories(earlier.resolve("eval/head"));
        Files.createDirectories(earlier.resolve("data"));
        Files.writeString(earlier.resolve("data/train.jsonl"), "");
        Files.writeString(earlier.resolve("compare.md"), "");
        new DemoPaths(earlier).prepare();
        assertThat(earlier).isEmptyDirectory();
    }

    private record Refusal(int code, String err) {}

    /** {@code graft demo --tiny --out dir} in this JVM, with what it printed on stderr. */
    private static Refusal demoInto(Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Refusal(Graft.run("demo", "--tiny", "--out", dir.toString()), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
