package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code --max-length} is cut to the model's positions, less prompt tuning's virtual tokens. */
class InputLengthTest {
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);

    private static FinetuneConfig flags(String flags) {
        return FinetuneCommandFlags.parse(FinetuneCommandFlags.split("--model m --train t.jsonl --dev d.jsonl --out o "
                + flags));
    }

    @Test
    void aLengthThatFitsIsKeptSilently() {
        assertThat(InputLength.fit(flags("--method lora --max-length 48"), 48, log)).isEqualTo(48);
        assertThat(logged.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aLongerOneIsCutNamingTheFlag() {
        assertThat(InputLength.fit(flags("--method full"), 48, log)).isEqualTo(48);
        assertThat(logged.toString(StandardCharsets.UTF_8)).isEqualTo("note: --max-length 128 is more than the model's 48"
                + " positions (max_position_embeddings); inputs are cut to 48 tokens\n");
    }

    @Test
    void promptTokensTakePositionsToo() {
        assertThat(InputLength.fit(flags("--method prompt --prompt-tokens 20 --max-length 48"), 48, log)).isEqualTo(28);
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("less --prompt-tokens 20; inputs are cut to 28 tokens");
        assertThat(InputLength.fit(flags("--method prompt --max-length 30"), 48, log))
                .as("the default of 10 prompt tokens").isEqualTo(30);
    }

    @Test
    void promptTokensThatLeaveNoRoomAreRefused() {
        assertThatThrownBy(() -> InputLength.fit(flags("--method prompt --prompt-tokens 44"), 48, log))
                .hasMessage("inputs would have room for only 4 tokens: the model's 48 positions (max_position_embeddings)"
                        + " less --prompt-tokens 44; lower --prompt-tokens");
    }
}
