package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose best dev accuracy is no better than a constant answer is named as such. */
class LearningCheckTest {
    @TempDir
    Path tmp;

    @Test
    void accuracyAtTheCommonestLabelsShareWarnsWithTheFigures() {
        List<String> dev = labels(40, 35, 25); // entailment 0.40
        assertThat(LearningCheck.warning(0.405, dev, 5e-3)).hasValueSatisfying(w -> assertThat(w)
                .startsWith("warning: the best dev accuracy, 0.4050, is no better than always answering 'entailment',"
                        + " the commonest of 3 dev labels (0.4000 of 100 rows)")
                .contains("If the training loss stayed near ln(3) = 1.099, training collapsed")
                .endsWith("a lower --lr (this run: 0.005) is the usual cure"));
        assertThat(LearningCheck.warning(0.2, dev, 1e-3)).as("below the share too").isPresent();
    }

    @Test
    void noWarningAboveTheMarginWithoutEvaluationOrWithOneLabel() {
        List<String> dev = labels(40, 35, 25);
        assertThat(LearningCheck.warning(0.4 + LearningCheck.MARGIN + 0.001, dev, 1e-3)).isEmpty();
        assertThat(LearningCheck.warning(Double.NaN, dev, 1e-3)).as("no evaluation ran").isEmpty();
        assertThat(LearningCheck.warning(1.0, labels(10, 0, 0), 1e-3)).as("a single dev label").isEmpty();
        assertThat(LearningCheck.warning(0.3, List.of(), 1e-3)).isEmpty();
    }

    @Test
    void theTieBetweenCommonestLabelsNamesTheFirstInNameOrder() {
        assertThat(LearningCheck.warning(0.5, labels(0, 5, 5), 1e-3))
                .hasValueSatisfying(w -> assertThat(w).contains("always answering 'contradiction'"));
    }

    /**
     * Wiring: a head run at a learning rate too small to move anything, on a dev set where one label is
     * 9 rows of 10, stays at or under that share (only all ten right would beat it), and the job's log says so.
     */
    @Test
    void finetuneJobPrintsTheWarning() throws Exception {
        List<String> entail = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String row : Files.readAllLines(TinyNli.data().resolve("dev.jsonl"), StandardCharsets.UTF_8)) {
            (row.contains("\"gold_label\":\"entailment\"") ? entail : other).add(row);
        }
        assertThat(entail).hasSizeGreaterThanOrEqualTo(9);
        assertThat(other).isNotEmpty();
        List<String> rows = new ArrayList<>(entail.subList(0, 9));
        rows.add(other.get(0));
        Path devFile = tmp.resolve("dev.jsonl");
        Files.write(devFile, rows, StandardCharsets.UTF_8);

        FinetuneConfig tiny = TinyNli.config("head", tmp.resolve("out")).withTraining(1, 1e-9, 32, 7);
        FinetuneConfig config = FinetuneConfig.of(tiny.model(), "head", TinyNli.small().resolve("train.jsonl"), devFile,
                tmp.resolve("out")).withTokenizer(tiny.tokenizer(), tiny.maxLength()).withTraining(1, 1e-9, 32, 7)
                .withFlags(false, true, false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        FinetuneResult r = FinetuneJob.run(config, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(r.bestDevAccuracy()).isLessThanOrEqualTo(0.9);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("warning: the best dev accuracy, "
                + String.format(Locale.ROOT, "%.4f", r.bestDevAccuracy())
                + ", is no better than always answering 'entailment', the commonest of 2 dev labels (0.9000 of 10 rows)");
    }

    private static List<String> labels(int entailment, int neutral, int contradiction) {
        List<String> out = new ArrayList<>();
        out.addAll(Collections.nCopies(entailment, "entailment"));
        out.addAll(Collections.nCopies(neutral, "neutral"));
        out.addAll(Collections.nCopies(contradiction, "contradiction"));
        return out;
    }
}
