package dev.graft.core.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graft.core.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every unusable tokenizer file is refused with a message naming the file and what is wrong. */
class TokenizerFilesTest {
    @TempDir
    Path dir;

    private Path copyOf(String fixture) throws IOException {
        Files.copy(Fixtures.path("tokenizers/" + fixture + "/tokenizer.json"), dir.resolve("tokenizer.json"));
        return dir;
    }

    @Test
    void directoryWithoutTokenizerJson() {
        assertThatThrownBy(() -> HfTokenizer.load(dir, TokenizerOptions.of(512)))
                .isInstanceOf(TokenizerException.class)
                .hasMessageStartingWith(dir + ": no tokenizer.json in this directory");
    }

    @Test
    void pathThatDoesNotExist() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> HfTokenizer.load(missing, TokenizerOptions.of(512)))
                .isInstanceOf(TokenizerException.class)
                .hasMessageStartingWith(missing + ": no such file or directory");
    }

    @Test
    void corruptJsonNamesLineAndColumn() throws IOException {
        Path file = Files.writeString(dir.resolve("tokenizer.json"), "{\n  \"model\": {\"type\": \"BPE\",,\n}");
        assertThatThrownBy(() -> HfTokenizer.load(file, TokenizerOptions.of(512)))
                .isInstanceOf(TokenizerException.class)
                .hasMessageStartingWith(file + ": not valid JSON at line 2, column");
    }

    @Test
    void topLevelMustBeAnObject() throws IOException {
        Path file = Files.writeString(dir.resolve("tokenizer.json"), "[1, 2]");
        assertThatThrownBy(() -> TokenizerFiles.read(file))
                .hasMessage(file + ": expected a JSON object at the top level, found array");
    }

    @Test
    void modelIsRequired() throws IOException {
        Path file = Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\"}");
        assertThatThrownBy(() -> TokenizerFiles.read(file))
                .hasMessage(file + ": field 'model' is missing (expected the tokenizer model: WordPiece, BPE, Unigram or WordLevel)");
    }

    @Test
    void modelTheRustLibraryRejects() throws IOException {
        Path file = Files.writeString(dir.resolve("tokenizer.json"),
                "{\"version\": \"1.0\", \"added_tokens\": [], \"model\": {\"type\": \"Nonsense\", \"vocab\": {}}}");
        assertThatThrownBy(() -> HfTokenizer.load(file, TokenizerOptions.of(512)))
                .isInstanceOf(TokenizerException.class)
                .hasMessageStartingWith(file + ": the Hugging Face tokenizers library rejects it: ");
    }

    @Test
    void corruptConfigIsNamed() throws IOException {
        copyOf("roberta-pad1");
        Path config = Files.writeString(dir.resolve("tokenizer_config.json"), "{\"pad_token\": ");
        assertThatThrownBy(() -> TokenizerFiles.read(dir))
                .hasMessageStartingWith(config.toAbsolutePath() + ": not valid JSON at line 1");
    }

    @Test
    void padTokenOutsideTheVocabulary() throws IOException {
        copyOf("tiny-wordpiece");
        Path config = Files.writeString(dir.resolve("tokenizer_config.json"), "{\"pad_token\": \"<nope>\"}");
        assertThatThrownBy(() -> TokenizerFiles.read(dir).padId())
                .hasMessage(config.toAbsolutePath() + ": field 'pad_token' names the token '<nope>', which is neither an "
                        + "added token nor in the vocabulary of " + dir.resolve("tokenizer.json"));
    }

    @Test
    void padTokenOfTheWrongType() throws IOException {
        copyOf("tiny-wordpiece");
        Path config = Files.writeString(dir.resolve("tokenizer_config.json"), "{\"pad_token\": 7}");
        assertThatThrownBy(() -> TokenizerFiles.read(dir).padId())
                .hasMessage(config.toAbsolutePath() + ": field 'pad_token' must be a token string or an object with 'content', found 7");
    }

    @Test
    void padIdFromConfigWhenTheFileHasNoPaddingSection() throws IOException {
        copyOf("tiny-wordpiece");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"pad_token\": \"[MASK]\"}");
        assertThat(TokenizerFiles.read(dir).padId()).hasValue(4);
    }

    @Test
    void noPadTokenAnywhereFailsOnlyWhenAskedFor() throws IOException {
        Path file = copyOf("tiny-wordpiece").resolve("tokenizer.json");
        try (HfTokenizer t = HfTokenizer.load(dir, TokenizerOptions.of(512))) {
            assertThat(t.encode("the cat").ids()).containsExactly(2, 5, 6, 3); // usable for everything else
            assertThatThrownBy(t::padId)
                    .isInstanceOf(TokenizerException.class)
                    .hasMessage(file + ": no pad token: tokenizer.json has no 'padding' section and no "
                            + "tokenizer_config.json beside it names a pad_token or eos_token");
        }
    }

    @Test
    void hfNoLimitSentinelIsNotALength() throws IOException {
        copyOf("tiny-wordpiece");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 1000000000000000019884624838656}");
        assertThat(TokenizerFiles.read(dir).modelMaxLength()).isEmpty();
    }

    @Test
    void optionsRejectANonPositiveLength() {
        assertThatThrownBy(() -> TokenizerOptions.of(0)).hasMessage("maxLength must be at least 1, got 0");
    }
}
