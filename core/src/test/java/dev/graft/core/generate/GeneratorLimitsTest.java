package dev.graft.core.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.graft.core.model.gpt2.Gpt2Decoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.testing.Fixtures;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeneratorLimitsTest {
    private static PretrainedGpt2 gpt2;
    private static Generator generator;

    @BeforeAll
    static void load() {
        gpt2 = PretrainedGpt2.load(Fixtures.hf("gpt2-lm"), Device.cpu(), false);
        generator = new Generator(new Gpt2Decoder(gpt2), ids -> "x".repeat(ids.length));
    }

    @AfterAll
    static void close() {
        gpt2.close();
    }

    @Test
    void promptPlusNewTokensBeyondPositionLimitNamesBoth() {
        // n_positions is 64 in the fixture.
        GenerationRequest r = new GenerationRequest(new long[60], GenerationConfig.greedy(5));
        assertThatThrownBy(() -> generator.generate(List.of(r), true, TokenListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prompt (60 tokens) + max_new_tokens (5) = 65 exceeds the model's position limit of 64");
    }

    @Test
    void tokenOutsideVocabularyIsRefused() {
        GenerationRequest r = new GenerationRequest(new long[] {1, 1000}, GenerationConfig.greedy(2));
        assertThatThrownBy(() -> generator.generate(List.of(r), true, TokenListener.NONE))
                .hasMessage("prompt token 1000 is outside the vocabulary [0, 999]");
    }

    @Test
    void stopTokenOutsideVocabularyIsRefused() {
        GenerationConfig c = new GenerationConfig(3, 0f, 0, 1f, 1f, Set.of(5000L), List.of(), 0);
        assertThatThrownBy(() -> generator.generate(List.of(new GenerationRequest(new long[] {1}, c)), true, TokenListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stop token 5000 is outside the vocabulary [0, 999]: the model can never generate it");
    }

    @Test
    void stopTokenEndsTheRowAndIsKept() {
        long[] prompt = {402, 55, 800, 594, 941};
        // Greedy continues with 612, 175, 191 (generation.json): stopping on 191 ends after three tokens.
        GenerationConfig c = new GenerationConfig(10, 0f, 0, 1f, 1f, Set.of(191L), List.of(), 0);
        GenerationResult r = generator.generate(List.of(new GenerationRequest(prompt, c)), true, TokenListener.NONE).get(0);
        assertThat(r.generated()).containsExactly(612, 175, 191);
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void stopStringCutsTheText() {
        long[] prompt = {402, 55, 800, 594, 941};
        // The test detokenizer writes one x per token: "xxxx" appears at the fourth token.
        GenerationConfig c = new GenerationConfig(10, 0f, 0, 1f, 1f, Set.of(), List.of("xxxx"), 0);
        GenerationResult r = generator.generate(List.of(new GenerationRequest(prompt, c)), true, TokenListener.NONE).get(0);
        assertThat(r.generated()).hasSize(4);
        assertThat(r.text()).isEmpty();
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void stopStringsWithoutTokenizerAreRefused() {
        GenerationConfig c = new GenerationConfig(3, 0f, 0, 1f, 1f, Set.of(), List.of("."), 0);
        Generator bare = new Generator(new Gpt2Decoder(gpt2), null);
        assertThatThrownBy(() -> bare.generate(List.of(new GenerationRequest(new long[] {1}, c)), true, TokenListener.NONE))
                .hasMessage("stop strings need a tokenizer (tokenizer.json beside the model)");
    }

    @Test
    void streamingListenerSeesEveryTokenInOrder() {
        List<Long> seen = new java.util.ArrayList<>();
        GenerationResult r = generator.generate(List.of(new GenerationRequest(new long[] {402, 55}, GenerationConfig.greedy(6))),
                true, (row, token) -> seen.add(token)).get(0);
        assertThat(seen).containsExactly(java.util.Arrays.stream(r.generated()).boxed().toArray(Long[]::new));
    }
}
