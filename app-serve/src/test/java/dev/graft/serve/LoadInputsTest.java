package dev.graft.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graft.core.generate.Decoder;
import dev.graft.core.generate.DecodingSession;
import dev.graft.serve.LoadInputs.Sample;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** serve-load's samples against a model's length, with a word-counting tokenizer: [CLS] a [SEP] b [SEP]. */
class LoadInputsTest {
    private static final Path MODEL = Path.of("m");
    private static final ToIntFunction<Sample> WORDS = s -> s.premise().split(" ").length
            + (s.hypothesis() == null ? 2 : s.hypothesis().split(" ").length + 3);

    @Test
    void aSampleThatFitsIsKeptAsItIs() {
        Sample s = LoadInputs.pair(3);
        assertThat(LoadInputs.fit(s, WORDS, WORDS.applyAsInt(s), MODEL)).isSameAs(s);
    }

    @Test
    void aLongSampleLosesWordsFromTheEndOfItsLongerSentenceUntilItFits() {
        Sample s = new Sample("p1 p2 p3 p4 p5 p6 p7 p8.", "h1 h2 h3 h4.");
        // 8 + 4 + 3 = 15 tokens: the premise loses 5 words (down to 3 against 4), the hypothesis none;
        // at 6 the longer one (the premise on a tie) keeps losing a word until 1 + 2 + 3 fit.
        assertThat(LoadInputs.fit(s, WORDS, 10, MODEL)).isEqualTo(new Sample("p1 p2 p3.", "h1 h2 h3 h4."));
        assertThat(LoadInputs.fit(s, WORDS, 6, MODEL)).isEqualTo(new Sample("p1.", "h1 h2."));
        assertThat(LoadInputs.fit(new Sample("t1 t2 t3 t4 t5 t6.", null), WORDS, 5, MODEL)).isEqualTo(new Sample("t1 t2 t3.", null));
    }

    @Test
    void aModelThatTakesNotEvenOneWordEachIsRefused() {
        assertThatThrownBy(() -> LoadInputs.fit(new Sample("p1 p2 p3.", "h1 h2."), WORDS, 4, MODEL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--model m takes inputs of at most 4 tokens, fewer than serve-load's samples cut to one word"
                        + " (\"p1.\" / \"h1.\": 5 tokens): load-test a model that takes longer inputs");
    }

    @Test
    void maxTokensThatLeaveNoRoomForThePromptAreRefusedAndT5HasNoLimit() {
        assertThatThrownBy(() -> LoadInputs.checkGeneration(decoder(8, true), 8, 1, MODEL))
                .hasMessage("--max-tokens 1 does not fit --model m: the model takes 8 positions, prompt and completion"
                        + " together, and serve-load's sample prompt takes 8, which leaves no room: load-test a model with"
                        + " more positions");
        LoadInputs.checkGeneration(decoder(Integer.MAX_VALUE, false), 8, 100_000, MODEL);
    }

    @Test
    void soaksTooLongInputIsLongerThanTheModelTakes() {
        assertThat(LoadInputs.tooLongBody(24)).isEqualTo("{\"text\": \"" + "word ".repeat(25) + "\"}");
    }

    private static Decoder decoder(int maxLength, boolean sharesPositions) {
        return new Decoder() {
            @Override
            public DecodingSession start(List<long[]> prompts, boolean useCache) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int maxLength() {
                return maxLength;
            }

            @Override
            public boolean promptSharesPositions() {
                return sharesPositions;
            }

            @Override
            public OptionalLong eosTokenId() {
                return OptionalLong.empty();
            }

            @Override
            public int vocabSize() {
                return 1000;
            }

            @Override
            public long[] fullSequence(long[] prompt, long[] generated) {
                return generated;
            }
        };
    }
}
