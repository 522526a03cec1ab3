package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graft.core.data.LabelView;
import dev.graft.core.data.NliLabel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelMapTest {
    @Test
    void dataLabelsMapOntoTheModelsClassesByName() {
        LabelMap m = LabelMap.of(Map.of(0, "contradiction", 1, "entailment", 2, "neutral"));
        assertThat(m.view()).isEqualTo(LabelView.THREE_WAY);
        assertThat(m.modelClass(NliLabel.CONTRADICTION, "f:1")).isEqualTo(0);
        assertThat(m.modelClass(NliLabel.ENTAILMENT, "f:1")).isEqualTo(1);
        assertThat(m.modelClass(NliLabel.NEUTRAL, "f:1")).isEqualTo(2);
    }

    @Test
    void twoWayModelsAndPlaceholders() {
        LabelMap rte = LabelMap.of(Map.of(0, "not_entailment", 1, "entailment"));
        assertThat(rte.view()).isEqualTo(LabelView.TWO_WAY);
        assertThat(rte.modelClass(NliLabel.NEUTRAL, "f:1")).isEqualTo(0); // neutral is not entailment
        LabelMap fresh = LabelMap.of(Map.of(0, "LABEL_0", 1, "LABEL_1", 2, "LABEL_2"));
        assertThat(fresh.modelClass(NliLabel.CONTRADICTION, "f:1")).isEqualTo(2); // HF dataset order
        LabelMap twoWay = LabelMap.of(Map.of(0, "entailment", 1, "neutral"));
        assertThatThrownBy(() -> twoWay.modelClass(NliLabel.CONTRADICTION, "f:7"))
                .hasMessageContaining("f:7").hasMessageContaining("'contradiction'");
    }
}
