package dev.graft.core.data;

import static dev.graft.core.data.NliData.count;
import static dev.graft.core.data.NliData.readAll;
import static dev.graft.core.data.NliData.snliRow;
import static dev.graft.core.data.NliData.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed-row case stops with file:line and the field, or is counted under --skip-bad-rows. */
class BadRowsTest {
    private static final String GOOD = snliRow("entailment", "A man sleeps.", "A person sleeps.");
    private static final ReadOptions SKIP = ReadOptions.defaults().withSkipBadRows(true);

    @TempDir
    Path tmp;

    private void assertStops(Path file, String message, SkipReason reason) {
        assertThatThrownBy(() -> readAll(file))
                .isInstanceOf(NliDataException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((NliDataException) e).reason()).isEqualTo(reason));
        ReadCounts c = count(file, SKIP);
        assertThat(c.skipped()).isEqualTo(Map.of(reason, 1L));
        assertThat(c.badRows()).containsExactly(message);
        assertThat(c.rowsUsed()).isEqualTo(c.rowsRead() - 1);
    }

    @Test
    void badJson() {
        Path f = write(tmp.resolve("a.jsonl"), GOOD, "{\"gold_label\": \"neutral\", \"sentence1\": ", GOOD);
        assertStops(f, f + ":2: not valid JSON: Unexpected end-of-input within/between Object entries",
                SkipReason.BAD_JSON);
    }

    @Test
    void jsonThatIsNotAnObject() {
        Path f = write(tmp.resolve("a.jsonl"), GOOD, "[1, 2]");
        assertStops(f, f + ":2: expected a JSON object, found array", SkipReason.BAD_JSON);
    }

    @Test
    void missingField() {
        Path f = write(tmp.resolve("a.jsonl"), GOOD,
                "{\"gold_label\": \"neutral\", \"sentence1\": \"A man sleeps.\", \"pairID\": \"7\"}", GOOD);
        assertStops(f, f + ":2: field 'sentence2' is missing", SkipReason.MISSING_FIELD);
    }

    @Test
    void nullFieldCountsAsMissing() {
        Path f = write(tmp.resolve("a.jsonl"), GOOD, snliRow("neutral", "x", "y").replace("\"pairID\": \"1.jpg#0r1e\"", "\"pairID\": null"));
        assertStops(f, f + ":2: field 'pairID' is missing", SkipReason.MISSING_FIELD);
    }

    @Test
    void wrongJsonType() {
        Path f = write(tmp.resolve("a.jsonl"), GOOD, snliRow("neutral", "x", "y").replace("\"sentence1\": \"x\"", "\"sentence1\": 42"));
        assertStops(f, f + ":2: field 'sentence1': expected a string, found 42", SkipReason.BAD_FIELD);
    }

    @Test
    void unknownLabelName() {
        Path f = write(tmp.resolve("a.jsonl"), GOOD, snliRow("entail", "x", "y"));
        assertStops(f, f + ":2: field 'gold_label': expected entailment, neutral, contradiction, not_entailment, '-'"
                + " or a class index, found 'entail'", SkipReason.UNKNOWN_LABEL);
    }

    @Test
    void labelIndexOutsideTheOrder() {
        Path f = write(tmp.resolve("hf.jsonl"), "{\"premise\": \"a\", \"hypothesis\": \"b\", \"label\": 0}",
                "{\"premise\": \"a\", \"hypothesis\": \"b\", \"label\": 3}");
        assertStops(f, f + ":2: field 'label': class 3 is not in the label order entailment,neutral,contradiction"
                + " (set it with --label-order)", SkipReason.UNKNOWN_LABEL);
    }

    @Test
    void fractionalLabel() {
        Path f = write(tmp.resolve("hf.jsonl"), "{\"premise\": \"a\", \"hypothesis\": \"b\", \"label\": 0}",
                "{\"premise\": \"a\", \"hypothesis\": \"b\", \"label\": 1.5}");
        assertStops(f, f + ":2: field 'label': expected a string or an integer, found 1.5", SkipReason.BAD_FIELD);
    }

    @Test
    void tsvWrongColumnCount() {
        Path f = write(tmp.resolve("rte.tsv"), "index\tsentence1\tsentence2\tlabel", "0\ta\tb\tentailment",
                "1\ta\tb", "2\ta\tb\tentailment");
        assertStops(f, f + ":3: expected 4 tab-separated columns as in the header, found 3", SkipReason.WRONG_COLUMN_COUNT);
    }

    @Test
    void tsvUnknownLabel() {
        Path f = write(tmp.resolve("rte.tsv"), "index\tsentence1\tsentence2\tlabel", "0\ta\tb\tentailed");
        assertStops(f, f + ":2: field 'label': expected entailment, neutral, contradiction, not_entailment, '-'"
                + " or a class index, found 'entailed'", SkipReason.UNKNOWN_LABEL);
    }

    @Test
    void csvWrongColumnCount() {
        Path f = write(tmp.resolve("a.csv"), "premise,hypothesis,label", "a,b,0", "a,b,c,1", "a,b,2");
        assertStops(f, f + ":3: expected 3 comma-separated columns as in the header, found 4", SkipReason.WRONG_COLUMN_COUNT);
    }

    @Test
    void csvQuoteNeverClosed() {
        Path f = write(tmp.resolve("a.csv"), "premise,hypothesis,label", "a,b,0", "\"a,b,1", "a,b,2");
        assertStops(f, f + ":3: quoted field opened on this line is never closed", SkipReason.BAD_CSV);
    }

    @Test
    void skippingCountsEveryReasonAndKeepsTheGoodRows() {
        Path f = write(tmp.resolve("mixed.jsonl"), GOOD, "not json", snliRow("-", "x", "y"), snliRow("entail", "x", "y"),
                "{\"gold_label\": \"neutral\"}", GOOD, "{\"broken\"", GOOD);
        ReadCounts c = count(f, SKIP);
        assertThat(c.rowsRead()).isEqualTo(8);
        assertThat(c.rowsUsed()).isEqualTo(3);
        assertThat(c.skipped()).isEqualTo(Map.of(SkipReason.BAD_JSON, 2L, SkipReason.NO_GOLD_LABEL, 1L,
                SkipReason.UNKNOWN_LABEL, 1L, SkipReason.MISSING_FIELD, 1L));
        assertThat(c.badRows()).hasSize(4).allSatisfy(m -> assertThat(m).startsWith(f + ":"));
        assertThat(c.skippedTotal()).isEqualTo(5);
    }

    @Test
    void headerWithoutANeededColumnIsAFileError() {
        Path f = write(tmp.resolve("snli.txt"), "gold_label\tsentence1\tcaptionID\tpairID", "neutral\ta\tc\tp");
        assertThatThrownBy(() -> readAll(f, ReadOptions.defaults().withFormat(NliFormat.SNLI_TXT).withSkipBadRows(true)))
                .isInstanceOf(NliDataException.class)
                .hasMessage(f + ":1: header of a snli-txt file lacks the column 'sentence2';"
                        + " found [gold_label, sentence1, captionID, pairID]");
    }

    @Test
    void missingAndEmptyFiles() {
        Path none = tmp.resolve("none.jsonl");
        assertThatThrownBy(() -> readAll(none)).isInstanceOf(NliDataException.class).hasMessage(none + ": no such file");
        Path empty = write(tmp.resolve("empty.jsonl"), "", "");
        assertThatThrownBy(() -> readAll(empty)).isInstanceOf(NliDataException.class)
                .hasMessage(empty + ": is empty, expected NLI rows");
    }

    @Test
    void truncatedGzipNamesTheFile() throws Exception {
        Path full = NliData.gzip(tmp.resolve("full.gz"), GOOD, GOOD, GOOD);
        byte[] bytes = java.nio.file.Files.readAllBytes(full);
        Path cut = tmp.resolve("cut.jsonl.gz");
        java.nio.file.Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 12));
        assertThatThrownBy(() -> readAll(cut)).isInstanceOf(NliDataException.class)
                .hasMessageStartingWith(cut + ":").hasMessageContaining("cannot read: Unexpected end of ZLIB input stream");
    }
}
