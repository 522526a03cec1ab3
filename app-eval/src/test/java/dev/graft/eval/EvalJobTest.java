package dev.graft.eval;

import static dev.graft.eval.Fixtures.oneHot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graft.core.config.ModelConfigs;
import dev.graft.core.data.LabelView;
import dev.graft.core.data.NliExample;
import dev.graft.core.data.NliLabel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalJobTest {
    private static final List<String> HF_ORDER = List.of("entailment", "neutral", "contradiction");

    @TempDir
    Path tmp;

    private EvalReport run(List<Path> data, Predictor p, boolean probes) {
        EvalConfig config = EvalConfig.of(data, tmp.resolve("run")).withBatchSize(3).withProbes(probes);
        return new EvalJob(config, new Fixtures.WhitespaceTokenizer(), p, Fixtures.info("rigged"), EvalProgress.NONE).run();
    }

    /** Predicts the label named in the hypothesis' last word (so the rig is visible in the data). */
    private static Function<NliExample, float[]> byLastWord(List<String> head) {
        return e -> {
            String[] w = e.hypothesis().split(" ");
            return oneHot(head.indexOf(w[w.length - 1]), head.size());
        };
    }

    private Path riggedData() {
        // gold E E E N N C C C, predicted E E N N C C C E (the last word of the hypothesis)
        return Fixtures.hfJsonl(tmp.resolve("rigged.jsonl"), List.of(
                new String[] {"a b", "says entailment", "entailment"},
                new String[] {"a b c", "says entailment", "entailment"},
                new String[] {"a", "says neutral", "entailment"},
                new String[] {"a b c d", "says neutral", "neutral"},
                new String[] {"a b", "says contradiction", "neutral"},
                new String[] {"a b c d e", "says contradiction", "contradiction"},
                new String[] {"a", "says contradiction", "contradiction"},
                new String[] {"a b c", "says entailment", "contradiction"}));
    }

    @Test
    void riggedModelGivesTheExactMetricsConfusionAndPredictions() throws Exception {
        EvalReport r = run(List.of(riggedData()), new Fixtures.RiggedPredictor(HF_ORDER, byLastWord(HF_ORDER)), false);
        assertThat(r.complete()).isTrue();
        Metrics m = r.sections().get(0).metrics();
        assertThat(m.n()).isEqualTo(8);
        assertThat(m.accuracy()).isEqualTo(5.0 / 8);
        assertThat(m.confusion()).isDeepEqualTo(new long[][] {{2, 1, 0}, {0, 1, 1}, {1, 0, 2}});
        assertThat(m.macroF1()).isEqualTo((2.0 / 3 + 0.5 + 2.0 / 3) / 3, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(r.sections().get(0).twoWayAccuracy()).isEqualTo(6.0 / 8); // E→N and C→E are wrong 2-way; N→C is right (both not_entailment)

        List<String> lines = Files.readAllLines(tmp.resolve("run/predictions.jsonl"));
        assertThat(lines).hasSize(8);
        JsonNode first = ReportJson.MAPPER.readTree(lines.stream().filter(l -> l.contains("\"id\":\"2\"")).findFirst().orElseThrow());
        assertThat(first.get("gold").asText()).isEqualTo("entailment");
        assertThat(first.get("predicted").asText()).isEqualTo("neutral");
        assertThat(first.get("probabilities").get("neutral").asDouble()).isGreaterThan(0.99);

        JsonNode report = ReportJson.MAPPER.readTree(tmp.resolve("run/report.json").toFile());
        assertThat(report.get("complete").asBoolean()).isTrue();
        JsonNode s = report.get("sections").get(0);
        assertThat(s.get("sha256").asText()).hasSize(64);
        assertThat(s.at("/metrics/accuracy").asDouble()).isEqualTo(0.625);
        assertThat(s.at("/metrics/confusion/gold_by_predicted").toString()).isEqualTo("[[2,1,0],[0,1,1],[1,0,2]]");
        assertThat(Files.readString(tmp.resolve("run/report.md"))).contains("| 0.6250 |");
        assertThat(Files.readString(tmp.resolve("run/report.html"))).contains("data:image/svg+xml;base64,");
    }

    @Test
    void headWithTheFixturesLabelsReorderedStillScoresRight() {
        Map<Integer, String> id2label = ModelConfigs.read(Fixtures.HF.resolve("bert-seqcls")).id2label();
        assertThat(id2label).containsEntry(0, "entailment").containsEntry(2, "contradiction");
        List<String> reordered = List.of(id2label.get(2), id2label.get(0), id2label.get(1));
        // the head answers the gold label, in its own order
        Function<NliExample, float[]> truth = e -> oneHot(reordered.indexOf(e.label().label()), 3);
        EvalReport r = run(List.of(Fixtures.NLI.resolve("snli_1.0_dev.jsonl")), new Fixtures.RiggedPredictor(reordered, truth), false);
        assertThat(r.sections().get(0).metrics().accuracy()).isEqualTo(1.0);
        assertThat(r.headLabels()).isEqualTo(reordered);
    }

    @Test
    void aHeadLabelMatchingNothingStopsTheRunNamingBothSets() {
        List<String> head = List.of("LABEL_0", "LABEL_1", "LABEL_2");
        assertThatThrownBy(() -> run(List.of(Fixtures.NLI.resolve("snli_1.0_dev.jsonl")),
                new Fixtures.RiggedPredictor(head, e -> oneHot(0, 3)), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'LABEL_0'")
                .hasMessageContaining("[LABEL_0, LABEL_1, LABEL_2]")
                .hasMessageContaining("[entailment, neutral, contradiction]");
        List<String> twoWay = List.of("entailment", "contradiction");
        assertThatThrownBy(() -> LabelMapping.of(twoWay, List.of(NliLabel.ENTAILMENT, NliLabel.NEUTRAL)))
                .hasMessageContaining("'neutral' has no class");
    }

    @Test
    void matchedAndMismatchedAreTwoSectionsWithGenresAndProbes() {
        Function<NliExample, float[]> f = e -> e.premise().isEmpty() || e.hypothesis().isEmpty()
                ? oneHot(1, 3) // blanked: always neutral
                : oneHot(HF_ORDER.indexOf(e.label().label()), 3);
        EvalReport r = run(List.of(Fixtures.NLI.resolve("multinli_1.0_dev_matched.jsonl"),
                Fixtures.NLI.resolve("multinli_1.0_dev_mismatched.jsonl")), new Fixtures.RiggedPredictor(HF_ORDER, f), true);
        assertThat(r.sections()).extracting(Section::name)
                .containsExactly("multinli_1.0_dev_matched", "multinli_1.0_dev_mismatched");
        for (Section s : r.sections()) {
            assertThat(s.metrics().accuracy()).isEqualTo(1.0);
            assertThat(s.genres()).isNotEmpty();
            assertThat(s.genres().values()).allSatisfy(g -> assertThat(g.accuracy()).isEqualTo(1.0));
            long neutral = s.metrics().perClass().get(1).support();
            assertThat(s.probes().hypothesisOnly()).isEqualTo((double) neutral / s.metrics().n());
            assertThat(s.probes().premiseOnly()).isEqualTo((double) neutral / s.metrics().n());
        }
        assertThat(r.sections().get(0).genres().keySet()).doesNotContainAnyElementsOf(r.sections().get(1).genres().keySet());
    }

    @Test
    void rteIsScoredInTheTwoWayViewAndSkippedRowsAreReported() throws Exception {
        EvalReport r = run(List.of(Fixtures.NLI.resolve("glue/RTE/train.tsv")),
                new Fixtures.RiggedPredictor(HF_ORDER, e -> oneHot(2, 3)), false);
        Section s = r.sections().get(0);
        assertThat(s.view()).isEqualTo(LabelView.TWO_WAY);
        assertThat(s.metrics().classes()).containsExactly(NliLabel.ENTAILMENT, NliLabel.NOT_ENTAILMENT);

        Path bad = tmp.resolve("bad.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(Fixtures.NLI.resolve("snli_1.0_dev.jsonl")));
        lines.add("{not json");
        Files.write(bad, lines);
        EvalConfig config = EvalConfig.of(List.of(bad), tmp.resolve("bad-run")).withProbes(false)
                .withRead(dev.graft.core.data.ReadOptions.defaults().withSkipBadRows(true));
        EvalReport rb = new EvalJob(config, new Fixtures.WhitespaceTokenizer(),
                new Fixtures.RiggedPredictor(HF_ORDER, e -> oneHot(0, 3)), Fixtures.info("x"), EvalProgress.NONE).run();
        assertThat(rb.sections().get(0).counts().skippedTotal()).isGreaterThanOrEqualTo(1);
        JsonNode report = ReportJson.MAPPER.readTree(tmp.resolve("bad-run/report.json").toFile());
        assertThat(report.at("/sections/0/counts/skipped/bad_json").asLong()).isEqualTo(1);
        assertThat(Files.readString(tmp.resolve("bad-run/report.md"))).contains("bad_json 1");
    }

    /**
     * A run that fails once scoring has begun (here the model, on its second batch) leaves neither the earlier
     * report, which it said it replaced, nor its own partial predictions: eval compare lists nothing stale.
     */
    @Test
    void aRunFailingMidwayLeavesNoReportOrPredictionsBehind() {
        Path data = Fixtures.NLI.resolve("snli_1.0_dev.jsonl");
        Path out = tmp.resolve("run");
        run(List.of(data), new Fixtures.RiggedPredictor(HF_ORDER, e -> oneHot(0, 3)), false);
        assertThat(Compare.rows(List.of(out))).hasSize(1);

        List<String> notes = new ArrayList<>();
        Fixtures.RiggedPredictor[] failing = new Fixtures.RiggedPredictor[1];
        failing[0] = new Fixtures.RiggedPredictor(HF_ORDER, e -> {
            if (failing[0].batches > 1) {
                throw new IllegalStateException("the head broke");
            }
            return oneHot(0, 3);
        });
        EvalConfig config = EvalConfig.of(List.of(data), out).withBatchSize(3).withProbes(false);
        assertThatThrownBy(() -> new EvalJob(config, new Fixtures.WhitespaceTokenizer(), failing[0], Fixtures.info("x"),
                EvalProgress.NONE, notes::add).run()).hasMessage("the head broke");
        assertThat(notes).containsExactly("replacing the earlier report in " + out
                + ": removed report.json, report.md, report.html, predictions.jsonl");
        for (String f : ReportFiles.OUTPUTS) {
            assertThat(out.resolve(f)).doesNotExist();
        }
        assertThatThrownBy(() -> Compare.rows(List.of(out))).hasMessageContaining(out + ": no report.json");
    }

    @Test
    void compareSetsRunsSideBySide() throws Exception {
        Path data = Fixtures.NLI.resolve("snli_1.0_dev.jsonl");
        EvalConfig a = EvalConfig.of(List.of(data), tmp.resolve("run-a")).withProbes(false);
        new EvalJob(a, new Fixtures.WhitespaceTokenizer(), new Fixtures.RiggedPredictor(HF_ORDER, e -> oneHot(0, 3)),
                new ModelInfo("m", new ModelInfo.Adapter("lora-dir", "lora", 4096), 100_000), EvalProgress.NONE).run();
        EvalConfig b = EvalConfig.of(List.of(data), tmp.resolve("run-b")).withProbes(false);
        new EvalJob(b, new Fixtures.WhitespaceTokenizer(),
                new Fixtures.RiggedPredictor(HF_ORDER, e -> oneHot(HF_ORDER.indexOf(e.label().label()), 3)),
                Fixtures.info("m"), EvalProgress.NONE).run();
        String md = Compare.write(List.of(tmp.resolve("run-a"), tmp.resolve("run-b")), tmp.resolve("cmp"));
        assertThat(md.lines()).hasSize(4);
        assertThat(md).contains("| run-a | snli_1.0_dev | lora | 4,096 |").contains("| run-b | snli_1.0_dev | full | 1,234 | 1.0000 [1.0000, 1.0000]");
        assertThat(Files.readString(tmp.resolve("cmp/compare.html"))).contains("<td>lora</td>");
    }
}
