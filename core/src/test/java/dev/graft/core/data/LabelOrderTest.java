package dev.graft.core.data;

import static dev.graft.core.data.NliData.fixture;
import static dev.graft.core.data.NliData.readAll;
import static dev.graft.core.data.NliData.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integer labels go through an explicit order (HF's by default); names map the same way everywhere. */
class LabelOrderTest {
    @TempDir
    Path tmp;

    @Test
    void defaultIsTheHfDatasetsOrder() {
        assertThat(LabelOrder.HF_DEFAULT.labels())
                .containsExactly(NliLabel.ENTAILMENT, NliLabel.NEUTRAL, NliLabel.CONTRADICTION);
        assertThat(ReadOptions.defaults().labelOrder()).isEqualTo(LabelOrder.HF_DEFAULT);
    }

    @Test
    void anotherOrderRelabelsIntegerLabelsButNotNames() {
        LabelOrder reversed = LabelOrder.parse("contradiction, neutral ,entailment");
        ReadOptions opts = ReadOptions.defaults().withLabelOrder(reversed);
        assertThat(readAll(fixture("hf/snli_validation.jsonl"), opts)).extracting(NliExample::label).containsExactly(
                NliLabel.CONTRADICTION, NliLabel.NEUTRAL, NliLabel.ENTAILMENT, NliLabel.ENTAILMENT);
        assertThat(readAll(fixture("hf/named_labels.jsonl"), opts)).extracting(NliExample::label)
                .containsExactly(NliLabel.ENTAILMENT, NliLabel.NEUTRAL, NliLabel.CONTRADICTION);
    }

    @Test
    void rteOrderForTwoWayIntegerLabels() {
        Path f = write(tmp.resolve("rte.jsonl"), "{\"premise\": \"a\", \"hypothesis\": \"b\", \"label\": 1, \"idx\": 0}",
                "{\"premise\": \"a\", \"hypothesis\": \"b\", \"label\": 0, \"idx\": 1}");
        assertThat(readAll(f, ReadOptions.defaults().withLabelOrder(LabelOrder.RTE))).extracting(NliExample::label)
                .containsExactly(NliLabel.NOT_ENTAILMENT, NliLabel.ENTAILMENT);
        // Under the default 3-way order the same 1 would read as neutral: the order is a choice, never a guess.
        assertThat(readAll(f)).extracting(NliExample::label).containsExactly(NliLabel.NEUTRAL, NliLabel.ENTAILMENT);
    }

    @Test
    void integerLabelsAsTextInCsvUseTheOrderToo() {
        Path f = write(tmp.resolve("a.csv"), "premise,hypothesis,label", "a,b,2", "a,b,0");
        assertThat(readAll(f, ReadOptions.defaults().withLabelOrder(LabelOrder.parse("neutral,contradiction,entailment"))))
                .extracting(NliExample::label).containsExactly(NliLabel.ENTAILMENT, NliLabel.NEUTRAL);
    }

    @Test
    void namesAreCaseAndSeparatorInsensitive() {
        assertThat(NliLabel.fromName(" Entailment ")).isEqualTo(NliLabel.ENTAILMENT);
        assertThat(NliLabel.fromName("not-entailment")).isEqualTo(NliLabel.NOT_ENTAILMENT);
        assertThat(NliLabel.fromName("NOT ENTAILMENT")).isEqualTo(NliLabel.NOT_ENTAILMENT);
        assertThat(NliLabel.fromName("entailed")).isNull();
    }

    @Test
    void badOrdersAreRejectedWithTheirReason() {
        assertThatThrownBy(() -> LabelOrder.parse("entailment,neutral,contradicton"))
                .hasMessage("label order 'entailment,neutral,contradicton': 'contradicton' is not a label;"
                        + " use entailment, neutral, contradiction or not_entailment");
        assertThatThrownBy(() -> LabelOrder.parse("entailment,entailment"))
                .hasMessage("label order [entailment, entailment] names a label twice or holds null");
        assertThatThrownBy(() -> LabelOrder.parse("entailment"))
                .hasMessage("a label order needs at least two labels, found [entailment]");
    }

    @Test
    void twoWayViewFoldsNeutralAndContradiction() {
        assertThat(List.of(NliLabel.values())).extracting(NliLabel::twoWay).containsExactly(
                NliLabel.ENTAILMENT, NliLabel.NOT_ENTAILMENT, NliLabel.NOT_ENTAILMENT, NliLabel.NOT_ENTAILMENT);
        assertThat(LabelView.TWO_WAY.classOf(NliLabel.CONTRADICTION)).isEqualTo(1);
        assertThat(LabelView.TWO_WAY.classOf(NliLabel.ENTAILMENT)).isEqualTo(0);
        assertThat(LabelView.THREE_WAY.classOf(NliLabel.CONTRADICTION)).isEqualTo(2);
        assertThatThrownBy(() -> LabelView.THREE_WAY.classOf(NliLabel.NOT_ENTAILMENT))
                .hasMessage("label not_entailment has no class in the 3-way view (it is RTE's 2-way label); use the 2-way view");
    }
}
