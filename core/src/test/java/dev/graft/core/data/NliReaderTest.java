package dev.graft.core.data;

import static dev.graft.core.data.NliData.count;
import static dev.graft.core.data.NliData.fixture;
import static dev.graft.core.data.NliData.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each reader on small files in the datasets' real layouts (core/src/test/resources/fixtures/nli). */
class NliReaderTest {
    @Test
    void snliJsonlSkipsTheRowWithoutGoldLabel() {
        List<NliExample> rows = readAll(fixture("snli_1.0_dev.jsonl"));
        assertThat(rows).extracting(NliExample::id, NliExample::label).containsExactly(
                tuple("2412316151.jpg#0r1e", NliLabel.ENTAILMENT),
                tuple("2412316151.jpg#0r1n", NliLabel.NEUTRAL),
                tuple("2412316151.jpg#0r1c", NliLabel.CONTRADICTION),
                tuple("3558370311.jpg#3r1c", NliLabel.CONTRADICTION));
        NliExample first = rows.get(0);
        assertThat(first.premise()).isEqualTo("A man in a blue shirt is riding a bicycle down a hill.");
        assertThat(first.hypothesis()).isEqualTo("A man is riding a bike.");
        assertThat(first.genre()).isNull();
        assertThat(first.source()).endsWith("snli_1.0_dev.jsonl:1");
        assertThat(rows.get(3).source()).endsWith("snli_1.0_dev.jsonl:5");

        ReadCounts c = count(fixture("snli_1.0_dev.jsonl"), ReadOptions.defaults());
        assertThat(c.rowsRead()).isEqualTo(5);
        assertThat(c.rowsUsed()).isEqualTo(4);
        assertThat(c.skipped()).isEqualTo(Map.of(SkipReason.NO_GOLD_LABEL, 1L));
    }

    @Test
    void snliTxtReadsTheSameRowsAsJsonl() {
        try (NliReader r = NliReader.open(fixture("snli_1.0_dev.txt"), ReadOptions.defaults())) {
            assertThat(r.format()).isEqualTo(NliFormat.SNLI_TXT);
        }
        List<NliExample> txt = readAll(fixture("snli_1.0_dev.txt"));
        List<NliExample> jsonl = readAll(fixture("snli_1.0_dev.jsonl"));
        assertThat(txt).extracting(NliExample::id, NliExample::premise, NliExample::hypothesis, NliExample::label)
                .containsExactlyElementsOf(jsonl.stream()
                        .map(e -> tuple(e.id(), e.premise(), e.hypothesis(), e.label())).toList());
        // Header is line 1, so the first row is line 2.
        assertThat(txt.get(0).source()).endsWith("snli_1.0_dev.txt:2");
    }

    @Test
    void snliTrainTxtWithEmptyAnnotatorColumnsReads() {
        assertThat(readAll(fixture("snli_1.0_train.txt"))).hasSize(3);
    }

    @Test
    void multiNliJsonlCarriesGenreAndPromptIdMatchedAndMismatched() {
        List<NliExample> matched = readAll(fixture("multinli_1.0_dev_matched.jsonl"));
        assertThat(matched).extracting(NliExample::genre, NliExample::promptId, NliExample::id, NliExample::label)
                .containsExactly(
                        tuple("telephone", "20517", "20517e", NliLabel.ENTAILMENT),
                        tuple("travel", "41273", "41273c", NliLabel.CONTRADICTION),
                        tuple("fiction", "77120", "77120n", NliLabel.NEUTRAL));
        List<NliExample> mismatched = readAll(fixture("multinli_1.0_dev_mismatched.jsonl"));
        assertThat(mismatched).extracting(NliExample::genre).containsExactly("letters", "nineeleven", "verbatim");
        try (NliReader r = NliReader.open(fixture("multinli_1.0_dev_matched.jsonl"), ReadOptions.defaults())) {
            assertThat(r.format()).isEqualTo(NliFormat.MULTINLI_JSONL);
        }
    }

    @Test
    void multiNliTxtMatchesItsJsonl() {
        List<NliExample> txt = readAll(fixture("multinli_1.0_dev_matched.txt"));
        assertThat(txt).extracting(NliExample::id, NliExample::genre, NliExample::promptId, NliExample::label)
                .containsExactlyElementsOf(readAll(fixture("multinli_1.0_dev_matched.jsonl")).stream()
                        .map(e -> tuple(e.id(), e.genre(), e.promptId(), e.label())).toList());
    }

    @Test
    void glueMnliTrainAndDevFindTheirColumnsFromTheHeader() {
        List<NliExample> train = readAll(fixture("glue/MNLI/train.tsv"));
        assertThat(train).extracting(NliExample::id, NliExample::genre, NliExample::promptId, NliExample::label)
                .containsExactly(
                        tuple("0", "telephone", "20517", NliLabel.ENTAILMENT),
                        tuple("1", "travel", "41273", NliLabel.CONTRADICTION),
                        tuple("2", "fiction", "77120", NliLabel.NEUTRAL));
        assertThat(train.get(1).premise()).isEqualTo("The old town is closed to cars, so visitors walk.");
        // dev has label1..label5 before gold_label: the label must come from gold_label, not label1.
        List<NliExample> dev = readAll(fixture("glue/MNLI/dev_mismatched.tsv"));
        assertThat(dev).extracting(NliExample::label)
                .containsExactly(NliLabel.ENTAILMENT, NliLabel.CONTRADICTION, NliLabel.NEUTRAL);
    }

    @Test
    void glueTestFilesHaveNoLabels() {
        List<NliExample> test = readAll(fixture("glue/MNLI/test_matched.tsv"));
        assertThat(test).hasSize(3).allSatisfy(e -> assertThat(e.hasLabel()).isFalse());
        assertThat(readAll(fixture("glue/RTE/test.tsv"))).hasSize(2).extracting(NliExample::label).containsOnlyNulls();
    }

    @Test
    void glueSnliDevReads() {
        assertThat(readAll(fixture("glue/SNLI/dev.tsv"))).extracting(NliExample::label).containsExactly(
                NliLabel.ENTAILMENT, NliLabel.NEUTRAL, NliLabel.CONTRADICTION, NliLabel.CONTRADICTION);
    }

    @Test
    void glueRteHasTwoWayLabelsAndKeepsUnbalancedQuotes() {
        List<NliExample> rte = readAll(fixture("glue/RTE/train.tsv"));
        assertThat(rte).extracting(NliExample::label)
                .containsExactly(NliLabel.ENTAILMENT, NliLabel.NOT_ENTAILMENT, NliLabel.ENTAILMENT);
        assertThat(rte.get(1).premise()).isEqualTo("The mayor said \"the bridge will reopen in May.");
        assertThat(rte.get(2).id()).isEqualTo("2");
    }

    @Test
    void hfJsonlWithIntegerLabelsUsesTheHfOrderAndSkipsMinusOne() {
        List<NliExample> rows = readAll(fixture("hf/snli_validation.jsonl"));
        assertThat(rows).extracting(NliExample::label).containsExactly(
                NliLabel.ENTAILMENT, NliLabel.NEUTRAL, NliLabel.CONTRADICTION, NliLabel.CONTRADICTION);
        assertThat(rows.get(0).id()).isEqualTo("1"); // no idx: the line number
        ReadCounts c = count(fixture("hf/snli_validation.jsonl"), ReadOptions.defaults());
        assertThat(c.skipped()).isEqualTo(Map.of(SkipReason.NO_GOLD_LABEL, 1L));
        assertThat(c.integerLabelRows()).isEqualTo(4);

        assertThat(readAll(fixture("hf/mnli_validation_matched.jsonl"))).extracting(NliExample::id)
                .containsExactly("0", "1", "2");
    }

    @Test
    void hfJsonlWithLabelNames() {
        assertThat(readAll(fixture("hf/named_labels.jsonl"))).extracting(NliExample::label)
                .containsExactly(NliLabel.ENTAILMENT, NliLabel.NEUTRAL, NliLabel.CONTRADICTION);
        assertThat(count(fixture("hf/named_labels.jsonl"), ReadOptions.defaults()).integerLabelRows()).isZero();
    }

    @Test
    void hfCsvHandlesQuotedCommasQuotesAndLineBreaks() {
        List<NliExample> rows = readAll(fixture("hf/snli_train.csv"));
        assertThat(rows).extracting(NliExample::premise, NliExample::label).containsExactly(
                tuple("A man, smiling, holds a \"giant\" fish.", NliLabel.ENTAILMENT),
                tuple("A dog runs through the snow.\nIt is cold.", NliLabel.CONTRADICTION),
                tuple("A woman reads a book.", NliLabel.NEUTRAL));
        // The record spanning lines 3-4 starts on line 3; the next starts on line 5.
        assertThat(rows.get(1).source()).endsWith("snli_train.csv:3");
        assertThat(rows.get(2).source()).endsWith("snli_train.csv:5");
        assertThat(count(fixture("hf/snli_train.csv"), ReadOptions.defaults()).skipped())
                .isEqualTo(Map.of(SkipReason.NO_GOLD_LABEL, 1L));
    }

    @Test
    void hfCsvWithIdxAndNames() {
        assertThat(readAll(fixture("hf/mnli_named.csv"))).extracting(NliExample::id, NliExample::label)
                .containsExactly(tuple("0", NliLabel.NEUTRAL), tuple("1", NliLabel.CONTRADICTION));
    }

    @Test
    void gzipIsReadTransparentlyWhateverTheName() throws Exception {
        List<NliExample> plain = readAll(fixture("snli_1.0_dev.jsonl"));
        List<NliExample> gz = readAll(fixture("snli_1.0_dev.jsonl.gz"));
        assertThat(gz).extracting(NliExample::id, NliExample::premise, NliExample::label)
                .containsExactlyElementsOf(plain.stream().map(e -> tuple(e.id(), e.premise(), e.label())).toList());
        assertThat(gz.get(0).source()).endsWith("snli_1.0_dev.jsonl.gz:1");
    }
}
