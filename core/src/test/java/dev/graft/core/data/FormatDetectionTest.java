package dev.graft.core.data;

import static dev.graft.core.data.NliData.fixture;
import static dev.graft.core.data.NliData.readAll;
import static dev.graft.core.data.NliData.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The format comes from the content (never the file name) unless the caller names one. */
class FormatDetectionTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
        "snli_1.0_dev.jsonl, snli-jsonl",
        "snli_1.0_dev.jsonl.gz, snli-jsonl",
        "snli_1.0_dev.txt, snli-txt",
        "snli_1.0_train.txt, snli-txt",
        "multinli_1.0_dev_matched.jsonl, multinli-jsonl",
        "multinli_1.0_dev_mismatched.jsonl, multinli-jsonl",
        "multinli_1.0_dev_matched.txt, multinli-txt",
        "glue/MNLI/train.tsv, glue-tsv",
        "glue/MNLI/dev_mismatched.tsv, glue-tsv",
        "glue/MNLI/test_matched.tsv, glue-tsv",
        "glue/SNLI/dev.tsv, glue-tsv",
        "glue/RTE/train.tsv, glue-tsv",
        "glue/RTE/test.tsv, glue-tsv",
        "hf/snli_validation.jsonl, hf-jsonl",
        "hf/named_labels.jsonl, hf-jsonl",
        "hf/snli_train.csv, hf-csv",
        "hf/mnli_named.csv, hf-csv",
    })
    void detectsEachFixture(String file, String format) {
        try (NliReader r = NliReader.open(fixture(file), ReadOptions.defaults())) {
            assertThat(r.format().cliName()).isEqualTo(format);
        }
    }

    @Test
    void contentDecidesNotTheName() throws Exception {
        Path misnamed = tmp.resolve("data.csv");
        Files.copy(fixture("multinli_1.0_dev_matched.jsonl"), misnamed);
        try (NliReader r = NliReader.open(misnamed, ReadOptions.defaults())) {
            assertThat(r.format()).isEqualTo(NliFormat.MULTINLI_JSONL);
        }
    }

    @Test
    void leadingBlankLinesAndByteOrderMarkAreIgnored() {
        Path f = write(tmp.resolve("bom.csv"), "\uFEFFpremise,hypothesis,label", "a,b,0");
        assertThat(readAll(f)).hasSize(1);
        Path blank = write(tmp.resolve("blank.jsonl"), "", "   ", NliData.snliRow("neutral", "a", "b"));
        assertThat(readAll(blank)).singleElement().satisfies(e -> assertThat(e.source()).endsWith("blank.jsonl:3"));
    }

    @Test
    void overrideReadsMultiNliAsSnliAndSnliAsMultiNliFails() {
        // MultiNLI read as SNLI: the genre is not asked for, so it is not kept.
        assertThat(readAll(fixture("multinli_1.0_dev_matched.jsonl"), ReadOptions.defaults().withFormat(NliFormat.SNLI_JSONL)))
                .hasSize(3).allSatisfy(e -> assertThat(e.genre()).isNull());
        // SNLI read as MultiNLI: genre is required, and the first row says so.
        Path snli = fixture("snli_1.0_dev.jsonl");
        assertThatThrownBy(() -> readAll(snli, ReadOptions.defaults().withFormat(NliFormat.MULTINLI_JSONL)))
                .isInstanceOf(NliDataException.class)
                .hasMessage(snli + ":1: field 'genre' is missing");
    }

    @Test
    void overrideReadsAnUndetectableTsv() {
        // An HF-style TSV export is not one of the detected layouts; as GLUE it lacks sentence1.
        Path f = write(tmp.resolve("x.tsv"), "premise\thypothesis\tlabel", "a\tb\t0");
        assertThatThrownBy(() -> readAll(f)).isInstanceOf(NliDataException.class)
                .hasMessage(f + ":1: cannot tell the NLI format: expected SNLI/MultiNLI fields (gold_label, sentence1,"
                        + " sentence2), a GLUE header starting with 'index', or HF columns (premise, hypothesis, label);"
                        + " found a tab-separated header with columns [premise, hypothesis, label]. Pass --format"
                        + " (snli-jsonl, multinli-jsonl, snli-txt, multinli-txt, glue-tsv, hf-jsonl, hf-csv)");
        // A GLUE file whose header does not start with index is read when the format is named.
        Path glue = write(tmp.resolve("g.tsv"), "sentence1\tsentence2\tlabel", "a\tb\tentailment");
        assertThatThrownBy(() -> readAll(glue)).hasMessageContaining("cannot tell the NLI format");
        assertThat(readAll(glue, ReadOptions.defaults().withFormat(NliFormat.GLUE_TSV)))
                .extracting(NliExample::label).containsExactly(NliLabel.ENTAILMENT);
    }

    @Test
    void wrongOverrideFailsOnTheHeader() {
        Path f = fixture("hf/snli_train.csv");
        assertThatThrownBy(() -> readAll(f, ReadOptions.defaults().withFormat(NliFormat.GLUE_TSV)))
                .isInstanceOf(NliDataException.class)
                .hasMessage(f + ":1: header of a glue-tsv file lacks the columns 'sentence1', 'sentence2';"
                        + " found [premise,hypothesis,label]");
    }

    @Test
    void unknownJsonAndPlainText() {
        Path json = write(tmp.resolve("x.jsonl"), "{\"text\": \"a\", \"target\": 1}");
        assertThatThrownBy(() -> readAll(json)).hasMessageContaining(
                "found a JSON object with fields [text, target]. Pass --format");
        Path text = write(tmp.resolve("x.txt"), "just some words");
        assertThatThrownBy(() -> readAll(text)).hasMessageContaining("found 'just some words'. Pass --format");
        Path broken = write(tmp.resolve("b.jsonl"), "{\"premise\": ");
        assertThatThrownBy(() -> readAll(broken)).hasMessageStartingWith(broken + ":1: starts like JSON lines but is not valid JSON")
                .hasMessageEndingWith("(pass --format to read it as another format)");
    }

    @Test
    void formatNames() {
        assertThat(NliFormat.fromName("GLUE-TSV")).isEqualTo(NliFormat.GLUE_TSV);
        assertThatThrownBy(() -> NliFormat.fromName("tsv")).hasMessage("'tsv' is not a format; use one of "
                + "snli-jsonl, multinli-jsonl, snli-txt, multinli-txt, glue-tsv, hf-jsonl, hf-csv");
    }
}
