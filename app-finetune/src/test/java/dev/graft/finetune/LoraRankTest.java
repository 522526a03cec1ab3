package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.peft.LoraConfig;
import dev.graft.core.peft.Peft;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tiny BERT is 32 wide: rank 32 on its 32 x 32 attention projections is as high as they go. */
class LoraRankTest {
    private static String noteFor(int rank) {
        try (PretrainedEncoder enc = PretrainedEncoder.load(TinyNli.model(), Device.cpu(), false)) {
            Peft.apply(enc.model(), new LoraConfig(rank, 2f * rank, 0f, List.of("query", "value"), false, false), "default");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            LoraRank.note(ParameterPaths.of(enc.model()), new PrintStream(out, true));
            return out.toString();
        }
    }

    @Test
    void aRankAtTheWidthOfTheAdaptedMatricesGetsANote() {
        assertThat(noteFor(32)).startsWith("note: --lora-rank 32 is at least the smaller side of 4 of the 4 adapted"
                + " matrices, e.g. ").contains(".query (32 x 32): an update B·A there can have rank min(out, in) at most")
                .endsWith("is already more than training those matrices outright; lower --lora-rank" + System.lineSeparator());
    }

    @Test
    void aRankBelowTheWidthGetsNone() {
        assertThat(noteFor(31)).isEmpty();
    }
}
