package dev.graft.eval;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The token-type check ModelEval makes before any work: it must not refuse a model's own tokenizer. */
class ModelEvalTest {
    private static final Path TOKENIZERS = Fixtures.CORE.resolve("tokenizers");

    @Test
    void aRobertaTokenizerFitsOneTypeRow() {
        try (HfTokenizer roberta = HfTokenizer.load(TOKENIZERS.resolve("roberta-pad1"), TokenizerOptions.of(64))) {
            assertThatCode(() -> ModelEval.requireTypesFit(roberta, 1, Path.of("m"))).doesNotThrowAnyException();
        }
    }

    @Test
    void aBertTokenizerNeedsTwoTypeRowsUnlessTheModelHasNone() {
        try (HfTokenizer bert = HfTokenizer.load(TOKENIZERS.resolve("tiny-wordpiece"), TokenizerOptions.of(64))) {
            assertThatCode(() -> ModelEval.requireTypesFit(bert, 2, Path.of("m"))).doesNotThrowAnyException();
            assertThatCode(() -> ModelEval.requireTypesFit(bert, 0, Path.of("m"))).as("DistilBERT has no type rows")
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> ModelEval.requireTypesFit(bert, 1, Path.of("m")))
                    .hasMessageContaining("gives the second text token type 1 but the model m has type_vocab_size 1");
        }
    }
}
