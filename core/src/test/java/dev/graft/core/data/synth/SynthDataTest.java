package dev.graft.core.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graft.core.data.DataJson;
import dev.graft.core.data.NliExample;
import dev.graft.core.data.NliFormat;
import dev.graft.core.data.NliLabel;
import dev.graft.core.data.NliReader;
import dev.graft.core.data.ReadOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic set: balanced, disjoint splits, and no label leaking from the hypothesis alone. */
class SynthDataTest {
    @TempDir
    static Path dir;

    private static SynthResult result;
    private static List<NliExample> train;
    private static List<NliExample> dev;
    private static List<NliExample> test;

    @BeforeAll
    static void generate() {
        result = SynthJob.run(new SynthConfig(15_000, 1_500, 3_000, 11, dir));
        train = read("train");
        dev = read("dev");
        test = read("test");
    }

    private static List<NliExample> read(String split) {
        try (Stream<NliExample> s = NliReader.stream(dir.resolve(split + ".jsonl"), ReadOptions.defaults())) {
            return s.collect(Collectors.toList());
        }
    }

    /**
     * The issue asks for at most 45%. Chance is 33.3% and the standard error on 3,000 rows is under one
     * point, so 40% is already far outside chance: holding to it catches leaks too small to reach 45%
     * (negating half the contradiction hypotheses, for one, gives about 44.5%).
     */
    @Test
    void hypothesisOnlyModelStaysNearChance() {
        double acc = new BagOfWordsClassifier(BagOfWordsClassifier::hypothesisOnly).train(train, 5, 0.05, 1).accuracy(test);
        assertThat(acc).as("hypothesis-only accuracy").isLessThanOrEqualTo(0.40).isLessThanOrEqualTo(0.45);
    }

    /**
     * Premises are built after the label, so they carry some cues ("is in the park" with no activity
     * is more often neutral, added adjectives more often entail); about 48% today. This guards against
     * them growing.
     */
    @Test
    void premiseOnlyModelStaysWellBelowAModelOfBoth() {
        double acc = new BagOfWordsClassifier(e -> BagOfWordsClassifier.words(e.premise())).train(train, 5, 0.05, 1).accuracy(test);
        assertThat(acc).as("premise-only accuracy").isLessThanOrEqualTo(0.55);
    }

    /** The labels are learnable from both sentences: the low hypothesis-only score is not noise. */
    @Test
    void modelSeeingBothSentencesDoesFarBetter() {
        double acc = new BagOfWordsClassifier(BagOfWordsClassifier::pairFeatures).train(train, 5, 0.05, 1).accuracy(test);
        assertThat(acc).as("premise+hypothesis accuracy").isGreaterThanOrEqualTo(0.75);
    }

    @Test
    void labelsAreBalancedInEverySplit() {
        for (List<NliExample> split : List.of(train, dev, test)) {
            Map<NliLabel, Long> counts = split.stream().collect(Collectors.groupingBy(NliExample::label, Collectors.counting()));
            assertThat(counts).containsOnlyKeys(NliLabel.ENTAILMENT, NliLabel.NEUTRAL, NliLabel.CONTRADICTION);
            long min = counts.values().stream().mapToLong(Long::longValue).min().orElseThrow();
            long max = counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(max - min).isLessThanOrEqualTo(1);
        }
        assertThat(result.splits().get("train").labels()).isEqualTo(Map.of("entailment", 5000L, "neutral", 5000L, "contradiction", 5000L));
    }

    @Test
    void devAndTestShareNoHypothesisAndNoPairWithTrain() {
        Set<String> trainHyps = train.stream().map(NliExample::hypothesis).collect(Collectors.toSet());
        Set<String> trainPremises = train.stream().map(NliExample::premise).collect(Collectors.toSet());
        for (List<NliExample> held : List.of(dev, test)) {
            assertThat(held).noneMatch(e -> trainHyps.contains(e.hypothesis()));
        }
        assertThat(dev.stream().map(NliExample::hypothesis)).doesNotContainAnyElementsOf(
                test.stream().map(NliExample::hypothesis).collect(Collectors.toSet()));
        // Premises may recur (a common scene), hypotheses with them never.
        assertThat(test.stream().filter(e -> trainPremises.contains(e.premise())).count()).isLessThan(test.size() / 2);
        List<String> pairs = Stream.of(train, dev, test).flatMap(List::stream).map(e -> e.premise() + "|" + e.hypothesis()).toList();
        assertThat(pairs).doesNotHaveDuplicates();
    }

    @Test
    void filesAreSnliJsonlWithEveryField() throws Exception {
        try (NliReader r = NliReader.open(dir.resolve("dev.jsonl"), ReadOptions.defaults())) {
            assertThat(r.format()).isEqualTo(NliFormat.SNLI_JSONL);
        }
        String first = java.nio.file.Files.readAllLines(dir.resolve("dev.jsonl")).get(0);
        var node = DataJson.MAPPER.readTree(first);
        assertThat(node.fieldNames()).toIterable().containsExactly("annotator_labels", "captionID", "gold_label", "pairID",
                "sentence1", "sentence1_binary_parse", "sentence1_parse", "sentence2", "sentence2_binary_parse",
                "sentence2_parse", "phenomenon");
        assertThat(node.get("sentence1_parse").asText()).startsWith("(ROOT (S (NP ");
        assertThat(node.get("annotator_labels").get(0).asText()).isEqualTo(node.get("gold_label").asText());
    }

    @Test
    void everyPhenomenonOccurs() {
        assertThat(result.phenomena().keySet()).containsExactlyInAnyOrder(Phenomenon.values());
        assertThat(result.phenomena().values()).allSatisfy(n -> assertThat(n).isGreaterThan(100L));
    }
}
