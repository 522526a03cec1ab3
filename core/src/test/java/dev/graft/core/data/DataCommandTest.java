package dev.graft.core.data;

import static dev.graft.core.data.NliData.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.cli.DataCommand;
import dev.graft.core.cli.DataStatsCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The thin picocli layer: options reach the jobs, JSON comes out, errors and help read well. */
class DataCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    private JsonNode json() throws Exception {
        return DataJson.MAPPER.readTree(out.toString());
    }

    @Test
    void statsPrintsJson() throws Exception {
        assertThat(run(new DataCommand(), "stats", fixture("snli_1.0_dev.jsonl.gz").toString(),
                fixture("multinli_1.0_dev_matched.txt").toString())).isZero();
        JsonNode j = json();
        assertThat(j.get("rowsRead").asLong()).isEqualTo(9);
        assertThat(j.get("rowsUsed").asLong()).isEqualTo(7);
        assertThat(j.get("skipped").get("no_gold_label").asLong()).isEqualTo(2);
        assertThat(j.get("files").get(1).get("format").asText()).isEqualTo("multinli-txt");
        assertThat(j.get("genres").get("telephone").asLong()).isEqualTo(1);
        assertThat(j.has("tokens")).isFalse();
    }

    @Test
    void statsOptionsReachTheReader() throws Exception {
        assertThat(run(new DataCommand(), "stats", "--label-order", "contradiction,neutral,entailment",
                fixture("hf/snli_validation.jsonl").toString())).isZero();
        assertThat(json().get("labels").get("entailment").asLong()).isEqualTo(2);
        assertThat(json().get("integerLabels").get("order").get(0).asText()).isEqualTo("contradiction");

        out.getBuffer().setLength(0);
        assertThat(run(new DataCommand(), "stats", "--format", "snli-jsonl", fixture("multinli_1.0_dev_matched.jsonl").toString()))
                .isZero();
        assertThat(json().get("files").get(0).get("format").asText()).isEqualTo("snli-jsonl");
        assertThat(json().has("genres")).isFalse();
    }

    @Test
    void badRowStopsWithFileLineAndFieldUnlessSkipped() throws Exception {
        Path f = Files.writeString(tmp.resolve("a.jsonl"), NliData.snliRow("neutral", "a", "b") + "\n"
                + NliData.snliRow("entail", "a", "b") + "\n");
        assertThat(run(new DataCommand(), "stats", f.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("error: " + f + ":2: field 'gold_label': expected entailment, neutral,"
                + " contradiction, not_entailment, '-' or a class index, found 'entail'");
        assertThat(run(new DataCommand(), "stats", "--skip-bad-rows", f.toString())).isZero();
        assertThat(json().get("skipped").get("unknown_label").asLong()).isEqualTo(1);
    }

    @Test
    void launcherLoadsHfTokenizerDirectories() throws Exception {
        Path tokenizer = Path.of(getClass().getResource("/fixtures/tokenizers/tiny-wordpiece").toURI());
        assertThat(run(new DataStatsCommand(), "--tokenizer", tokenizer.toString(),
                fixture("snli_1.0_dev.jsonl").toString())).isZero();
        assertThat(json().get("tokens").get("premise").get("p50").asInt()).isPositive();
    }

    @Test
    void missingTokenizerDirectoryIsOneLineError() {
        assertThat(run(new DataStatsCommand(), "--tokenizer", tmp.resolve("none").toString(),
                fixture("snli_1.0_dev.jsonl").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("error: ").contains(tmp.resolve("none").toString());
    }

    @Test
    void tokenizerLoaderIsUsedAndClosed() throws Exception {
        Path[] asked = new Path[1];
        assertThat(run(new DataStatsCommand(dir -> {
            asked[0] = dir;
            return new WhitespaceTokenizer();
        }), "--tokenizer", tmp.toString(), "--batch-size", "2", fixture("snli_1.0_dev.jsonl").toString())).isZero();
        assertThat(asked[0]).isEqualTo(tmp);
        JsonNode tokens = json().get("tokens");
        assertThat(tokens.get("pair").get("max").asInt()).isEqualTo(25);
        assertThat(tokens.get("padding").get("batchSize").asInt()).isEqualTo(2);
    }

    @Test
    void badUsageIsExitCode2WithTheReason() {
        assertThat(run(new DataCommand(), "stats", "--format", "tsv", "x.tsv")).isEqualTo(2);
        assertThat(err.toString()).contains("'tsv' is not a format; use one of snli-jsonl");
        assertThat(run(new DataCommand(), "stats", "--label-order", "entailment,entailment", "x.tsv")).isEqualTo(2);
        assertThat(err.toString()).contains("names a label twice");
        assertThat(run(new DataCommand(), "stats")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
    }

    @Test
    void synthWritesFilesAndPrintsCounts() throws Exception {
        Path dir = tmp.resolve("synth");
        assertThat(run(new DataCommand(), "synth", "--n", "90", "--seed", "3", "--out", dir.toString())).isZero();
        JsonNode j = json();
        assertThat(j.get("splits").get("train").get("rows").asInt()).isEqualTo(90);
        assertThat(j.get("splits").get("dev").get("rows").asInt()).isEqualTo(30);
        assertThat(j.get("splits").get("train").get("labels").get("neutral").asLong()).isEqualTo(30);
        assertThat(Files.readAllLines(dir.resolve("test.jsonl"))).hasSize(30);
        assertThat(run(new DataCommand(), "synth", "--n", "0", "--out", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("synth needs at least 1 training pair");
    }

    @Test
    void helpExplainsEachCommand() {
        assertThat(run(new DataCommand(), "--help")).isZero();
        assertThat(out.toString()).contains("stats", "synth", "hf-csv", "0 entailment,", "1 neutral, 2 contradiction");
        out.getBuffer().setLength(0);
        assertThat(run(new DataCommand(), "stats", "--help")).isZero();
        assertThat(out.toString()).contains("--skip-bad-rows", "--label-order", "--tokenizer", "file:line", "percentiles");
        out.getBuffer().setLength(0);
        assertThat(run(new DataCommand(), "synth", "--help")).isZero();
        assertThat(out.toString()).contains("--seed", "SNLI 1.0", "HANS", "same files");
    }
}
