package dev.graft.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.model.bert.BertConfig;
import dev.graft.core.model.distilbert.DistilBertConfig;
import dev.graft.core.nn.Activation;
import dev.graft.core.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading config.json: every failure is a ConfigException naming the file and the field. */
class ModelConfigsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void readsTheFixturesIntoTheirFamilies() {
        ModelConfig bert = ModelConfigs.read(Fixtures.hf("bert-seqcls"));
        assertThat(bert).isInstanceOf(BertConfig.class);
        BertConfig b = (BertConfig) bert;
        assertThat(b.hiddenSize()).isEqualTo(64);
        assertThat(b.numAttentionHeads()).isEqualTo(4);
        assertThat(b.hiddenAct()).isEqualTo(Activation.GELU);
        assertThat(b.id2label()).containsEntry(2, "contradiction").hasSize(3);
        assertThat(((BertConfig) ModelConfigs.read(Fixtures.hf("roberta-seqcls"))).padTokenId()).isEqualTo(1);
        // the file itself works as well as its directory
        ModelConfig distil = ModelConfigs.read(Fixtures.hf("distilbert-seqcls").resolve("config.json"));
        assertThat(distil).isInstanceOf(DistilBertConfig.class);
        assertThat(((DistilBertConfig) distil).dim()).isEqualTo(64);
    }

    @Test
    void missingConfigNamesThePath() {
        Path expected = dir.resolve("config.json");
        assertThatThrownBy(() -> ModelConfigs.read(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected.toString()).hasMessageContaining("no such file");
    }

    @Test
    void invalidJsonNamesThePath() throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\",", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelConfigs.read(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON");
    }

    @Test
    void topLevelThatIsNotAnObjectIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), "[1, 2]", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelConfigs.read(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hidden_size", "model_type", "num_attention_heads", "vocab_size"})
    void missingBertFieldIsNamed(String field) {
        Path file = bert(c -> c.remove(field));
        assertConfigError(file, field, "is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dim", "n_heads", "hidden_dim"})
    void missingDistilBertFieldIsNamed(String field) {
        Path file = write("distilbert-seqcls", c -> c.remove(field));
        assertConfigError(file, field, "is missing");
    }

    @Test
    void stringWhereAnIntegerBelongsIsNamed() {
        Path file = bert(c -> c.put("hidden_size", "64"));
        assertConfigError(file, "hidden_size", "must be an integer, found string \"64\"");
    }

    @Test
    void fractionWhereAnIntegerBelongsIsNamed() {
        Path file = bert(c -> c.put("num_hidden_layers", 2.5));
        assertConfigError(file, "num_hidden_layers", "must be an integer");
    }

    @Test
    void stringWhereANumberBelongsIsNamed() {
        Path file = bert(c -> c.put("layer_norm_eps", "1e-12"));
        assertConfigError(file, "layer_norm_eps", "must be a number");
    }

    @Test
    void unknownModelTypeListsWhatIsSupported() {
        Path file = bert(c -> c.put("model_type", "llama"));
        assertConfigError(file, "model_type", "'llama'");
        assertThatThrownBy(() -> ModelConfigs.read(dir)).hasMessageContaining("supported: bert, roberta, distilbert");
    }

    @Test
    void hiddenSizeNotDivisibleByHeadsIsNamed() {
        Path file = bert(c -> c.put("hidden_size", 66));
        assertConfigError(file, "hidden_size", "(66) must be divisible by num_attention_heads (4)");
    }

    @Test
    void distilBertDimNotDivisibleByHeadsIsNamed() {
        Path file = write("distilbert-seqcls", c -> c.put("n_heads", 5));
        assertConfigError(file, "dim", "(64) must be divisible by n_heads (5)");
    }

    @Test
    void unknownActivationIsNamedWithTheSupportedOnes() {
        Path file = bert(c -> c.put("hidden_act", "swish"));
        assertConfigError(file, "hidden_act", "unsupported activation 'swish'");
        assertThatThrownBy(() -> ModelConfigs.read(dir)).hasMessageContaining("gelu, gelu_new, relu");
    }

    @Test
    void unknownDistilBertActivationIsNamed() {
        Path file = write("distilbert-seqcls", c -> c.put("activation", "gelu_fast"));
        assertConfigError(file, "activation", "unsupported activation 'gelu_fast'");
    }

    @Test
    void nonPositiveSizeIsNamed() {
        Path file = bert(c -> c.put("num_hidden_layers", 0));
        assertConfigError(file, "num_hidden_layers", "must be positive, found 0");
    }

    @Test
    void padIdOutsideTheVocabularyIsNamed() {
        Path file = bert(c -> c.put("pad_token_id", 1000));
        assertConfigError(file, "pad_token_id", "must be in [0, vocab_size=1000), found 1000");
    }

    @Test
    void relativePositionsAreRefused() {
        Path file = bert(c -> c.put("position_embedding_type", "relative_key"));
        assertConfigError(file, "position_embedding_type", "only 'absolute' is supported");
    }

    private void assertConfigError(Path file, String field, String problem) {
        assertThatThrownBy(() -> ModelConfigs.read(dir)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("field '" + field + "'")
                .hasMessageContaining(problem);
    }

    private Path bert(Consumer<ObjectNode> edit) {
        return write("bert-seqcls", edit);
    }

    /** The fixture's config.json, changed by {@code edit}, written to {@link #dir}. */
    private Path write(String fixture, Consumer<ObjectNode> edit) {
        try {
            ObjectNode config = (ObjectNode) JSON.readTree(Fixtures.hf(fixture).resolve("config.json").toFile());
            edit.accept(config);
            Path file = dir.resolve("config.json");
            JSON.writeValue(file.toFile(), config);
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
