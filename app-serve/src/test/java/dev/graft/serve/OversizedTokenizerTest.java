package dev.graft.serve;

import static dev.graft.serve.ClassifyServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerOptions;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A model served beside a tokenizer with more tokens (3000) than its vocab_size (1000): text that
 * tokenizes past the vocabulary is refused with 422 naming the token, not a 500 from the model.
 */
class OversizedTokenizerTest {
    /** A word the tokenizer has an id past the vocabulary for, and that id. */
    private record Probe(String text, long id) {}

    private static Probe pastTheVocabulary(Path model, int vocab) {
        try (HfTokenizer tokenizer = HfTokenizer.load(model, TokenizerOptions.unlimited().withSpecialTokens(true))) {
            for (long token = vocab; token < tokenizer.vocabSize(); token++) {
                String text = tokenizer.decode(new long[] {token}).trim();
                long past = Arrays.stream(tokenizer.encode(text).ids()).filter(id -> id >= vocab).findFirst().orElse(-1);
                if (text.matches("[A-Za-z]+") && past >= 0) {
                    return new Probe(text, past);
                }
            }
        }
        throw new AssertionError("no word of the tokenizer tokenizes past " + vocab);
    }

    @Test
    void aCompletionPromptPastTheVocabularyIs422NamingTheToken() {
        Path model = TestModels.generatorWithLargerTokenizer();
        Probe p = pastTheVocabulary(model, 1000);
        try (Server s = Server.start(ServeConfig.local(model))) {
            String url = s.url() + "/v1/completions";
            for (String stream : new String[] {"false", "true"}) {
                assertError(Http.post(url, "{\"prompt\": \"" + p.text() + "\", \"max_tokens\": 2, \"stream\": " + stream + "}"), 422,
                        "invalid_request_error", "prompt", "the prompt tokenizes to token id " + p.id() + ", outside the model's"
                        + " vocabulary of 1000 tokens (ids 0 to 999): the tokenizer.json beside the model has more tokens than its"
                        + " config.json vocab_size");
            }
            assertThat(Http.post(url, "{\"prompt\": [1, 2], \"max_tokens\": 2}").status()).isEqualTo(200);
        }
    }

    @Test
    void aClassifierInputPastTheVocabularyIs422NamingTheToken() {
        Path model = TestModels.classifierWithLargerTokenizer();
        Probe p = pastTheVocabulary(model, 1000);
        try (Server s = Server.start(ServeConfig.local(model))) {
            assertError(Http.post(s.url() + "/v1/classify", "{\"text\": \"" + p.text() + "\"}"), 422, "invalid_request_error", "text",
                    "the input tokenizes to token id " + p.id() + ", outside the model's vocabulary of 1000 tokens (ids 0 to 999)");
            assertError(Http.post(s.url() + "/predict", "{\"inputs\": \"" + p.text() + "\"}"), 422, "invalid_request_error", "inputs",
                    "tokenizes to token id " + p.id());
        }
    }
}
