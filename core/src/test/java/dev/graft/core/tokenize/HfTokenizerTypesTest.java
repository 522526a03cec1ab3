package dev.graft.core.tokenize;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graft.core.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link HfTokenizer#requireTypesFit}: it refuses type ids the model lacks, never a model's own tokenizer. */
class HfTokenizerTypesTest {
    @Test
    void aRobertaTokenizerFitsOneTypeRow() {
        try (HfTokenizer roberta = HfTokenizer.load(Fixtures.path("tokenizers/roberta-pad1"), TokenizerOptions.of(64))) {
            assertThatCode(() -> roberta.requireTypesFit(1, Path.of("m"))).doesNotThrowAnyException();
        }
    }

    @Test
    void aBertTokenizerNeedsTwoTypeRowsUnlessTheModelHasNone() {
        try (HfTokenizer bert = HfTokenizer.load(Fixtures.path("tokenizers/tiny-wordpiece"), TokenizerOptions.of(64))) {
            assertThatCode(() -> bert.requireTypesFit(2, Path.of("m"))).doesNotThrowAnyException();
            assertThatCode(() -> bert.requireTypesFit(0, Path.of("m"))).as("DistilBERT has no type rows")
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> bert.requireTypesFit(1, Path.of("m")))
                    .hasMessageContaining("gives the second text token type 1 but the model m has type_vocab_size 1");
        }
    }
}
