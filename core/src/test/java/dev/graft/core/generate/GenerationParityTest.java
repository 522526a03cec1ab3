package dev.graft.core.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.core.model.gpt2.Gpt2Decoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.model.t5.PretrainedT5;
import dev.graft.core.model.t5.T5Decoder;
import dev.graft.core.testing.Fixtures;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Greedy decoding reproduces the HF reference ids of generation.json, with and without the cache. */
class GenerationParityTest {
    private static long[] ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::asLong).toArray();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void gpt2GreedyMatchesReference(boolean useCache) throws IOException {
        JsonNode gen = new ObjectMapper().readTree(Fixtures.hf("gpt2-lm").resolve("generation.json").toFile());
        long[] prompt = ids(gen.get("prompt_ids"));
        long[] expected = ids(gen.get("greedy_ids"));
        try (PretrainedGpt2 gpt2 = PretrainedGpt2.load(Fixtures.hf("gpt2-lm"), Device.cpu(), false)) {
            GenerationResult r = new Generator(new Gpt2Decoder(gpt2), null)
                    .generate(List.of(new GenerationRequest(prompt, GenerationConfig.greedy(expected.length - prompt.length))),
                            useCache, TokenListener.NONE)
                    .get(0);
            long[] all = LongStream.concat(Arrays.stream(prompt), Arrays.stream(r.generated())).toArray();
            assertThat(all).containsExactly(expected);
            assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void t5GreedyMatchesReference(boolean useCache) throws IOException {
        JsonNode gen = new ObjectMapper().readTree(Fixtures.hf("t5-seq2seq").resolve("generation.json").toFile());
        long[] prompt = ids(gen.get("prompt_ids"));
        long[] expected = ids(gen.get("greedy_ids")); // starts with decoder_start_token_id
        try (PretrainedT5 t5 = PretrainedT5.load(Fixtures.hf("t5-seq2seq"), Device.cpu(), false)) {
            GenerationResult r = new Generator(new T5Decoder(t5), null)
                    .generate(List.of(new GenerationRequest(prompt, GenerationConfig.greedy(expected.length - 1))),
                            useCache, TokenListener.NONE)
                    .get(0);
            assertThat(r.generated()).containsExactly(Arrays.copyOfRange(expected, 1, expected.length));
        }
    }
}
