package dev.graft.core.data;

import static dev.graft.core.data.NliData.fixture;
import static dev.graft.core.data.NliData.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft data stats} through its run(config): counts, labels, genres, token lengths, padding. */
class DataStatsTest {
    @TempDir
    Path tmp;

    @Test
    void countsRowsLabelsAndSkipsOverSeveralFiles() {
        StatsResult r = DataStats.run(new StatsConfig(List.of(fixture("snli_1.0_dev.jsonl"), fixture("glue/RTE/train.tsv")),
                ReadOptions.defaults(), null, 32));
        assertThat(r.counts().rowsRead()).isEqualTo(8);
        assertThat(r.counts().rowsUsed()).isEqualTo(7);
        assertThat(r.counts().skipped()).isEqualTo(Map.of(SkipReason.NO_GOLD_LABEL, 1L));
        assertThat(r.labels()).containsExactly(Map.entry("entailment", 3L), Map.entry("neutral", 1L),
                Map.entry("contradiction", 2L), Map.entry("not_entailment", 1L));
        assertThat(r.twoWay()).containsExactly(Map.entry("entailment", 3L), Map.entry("not_entailment", 4L));
        assertThat(r.files()).extracting(StatsResult.FileStats::format).containsExactly(NliFormat.SNLI_JSONL, NliFormat.GLUE_TSV);
        assertThat(r.integerLabelOrder()).isNull();
        assertThat(r.tokens()).isNull();
        assertThat(r.genres()).isEmpty();
    }

    @Test
    void genresAndUnlabelledRows() {
        StatsResult r = DataStats.run(new StatsConfig(List.of(fixture("multinli_1.0_dev_matched.jsonl"),
                fixture("multinli_1.0_dev_mismatched.jsonl"), fixture("glue/MNLI/test_matched.tsv")), ReadOptions.defaults(), null, 8));
        assertThat(r.genres()).containsExactly(Map.entry("fiction", 2L), Map.entry("letters", 1L), Map.entry("nineeleven", 1L),
                Map.entry("telephone", 2L), Map.entry("travel", 2L), Map.entry("verbatim", 1L));
        assertThat(r.unlabelled()).isEqualTo(3);
        assertThat(r.counts().rowsUsed()).isEqualTo(9);
    }

    @Test
    void integerLabelsReportTheOrderTheyWereReadWith() {
        StatsResult r = DataStats.run(new StatsConfig(List.of(fixture("hf/snli_validation.jsonl")), ReadOptions.defaults(), null, 8));
        assertThat(r.integerLabelOrder()).isEqualTo(LabelOrder.HF_DEFAULT);
        JsonNode json = r.toJson();
        assertThat(json.get("integerLabels").get("rows").asLong()).isEqualTo(4);
        assertThat(json.get("integerLabels").get("order").toString()).isEqualTo("[\"entailment\",\"neutral\",\"contradiction\"]");
    }

    @Test
    void tokenLengthPercentilesAndPadding() {
        StatsResult r = DataStats.run(new StatsConfig(List.of(fixture("snli_1.0_dev.jsonl")), ReadOptions.defaults(),
                new WhitespaceTokenizer(), 2));
        // Words plus [CLS] and [SEP]: three rows share a premise of 13 words, the fourth has 11.
        assertThat(r.tokens().premise()).isEqualTo(new Percentiles(13, 15, 15, 15, 15, 15, 14.5));
        assertThat(r.tokens().hypothesis().min()).isEqualTo(5); // "Nobody is playing." + 2
        // [CLS] premise [SEP] hypothesis [SEP]: the 13-word premise with the 9-word hypothesis.
        assertThat(r.tokens().pair().max()).isEqualTo(1 + 13 + 1 + 9 + 1);
        assertThat(r.tokens().pairsAtMaxLength()).isZero();
        assertThat(r.tokens().paddingShuffled()).isBetween(0.0, 1.0);
        JsonNode t = r.toJson().get("tokens");
        assertThat(t.get("padding").get("batchSize").asInt()).isEqualTo(2);
        assertThat(t.get("premise").get("p50").asInt()).isEqualTo(15);
    }

    @Test
    void pairsCutAtTheTokenizersLimitAreCounted() {
        StatsResult r = DataStats.run(new StatsConfig(List.of(fixture("snli_1.0_dev.jsonl")), ReadOptions.defaults(),
                new WhitespaceTokenizer(16), 2));
        assertThat(r.tokens().pairsAtMaxLength()).isEqualTo(4);
        assertThat(r.tokens().maxLength()).isEqualTo(16);
    }

    @Test
    void skippedBadRowsAreListedInTheJson() {
        Path f = write(tmp.resolve("a.jsonl"), NliData.snliRow("neutral", "a", "b"), "{oops", NliData.snliRow("entail", "a", "b"));
        StatsResult r = DataStats.run(new StatsConfig(List.of(f), ReadOptions.defaults().withSkipBadRows(true), null, 8));
        JsonNode json = r.toJson();
        assertThat(json.get("skipped").toString()).isEqualTo("{\"bad_json\":1,\"unknown_label\":1}");
        assertThat(json.get("badRows")).hasSize(2);
        assertThat(json.get("badRows").get(0).asText()).startsWith(f + ":2: not valid JSON");
        assertThat(json.get("rowsRead").asLong()).isEqualTo(3);
        assertThat(json.get("rowsUsed").asLong()).isEqualTo(1);
    }

    @Test
    void percentilesByNearestRank() {
        int[] v = new int[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i;
        }
        assertThat(Percentiles.of(v)).isEqualTo(new Percentiles(1, 50, 90, 95, 99, 100, 50.5));
        assertThat(Percentiles.of(new int[] {7})).isEqualTo(new Percentiles(7, 7, 7, 7, 7, 7, 7.0));
    }

    @Test
    void badConfigs() {
        assertThatThrownBy(() -> new StatsConfig(List.of(), ReadOptions.defaults(), null, 8)).hasMessage("stats needs at least one file");
        assertThatThrownBy(() -> new StatsConfig(List.of(tmp), ReadOptions.defaults(), null, 0))
                .hasMessage("batch size must be at least 1, found 0");
    }
}
