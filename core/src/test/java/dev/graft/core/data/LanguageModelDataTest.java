package dev.graft.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompt/completion reading, causal-LM batches with the loss on the completion, and MLM masking. */
class LanguageModelDataTest {
    @TempDir
    Path tmp;

    private List<PromptCompletion> read(String content) throws Exception {
        Path f = tmp.resolve("pc.jsonl");
        Files.writeString(f, content);
        List<PromptCompletion> out = new ArrayList<>();
        try (PromptCompletionReader r = PromptCompletionReader.open(f)) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void readsPromptCompletionRowsSkippingBlankLines() throws Exception {
        List<PromptCompletion> rows = read("{\"prompt\": \"Q: two plus two?\", \"completion\": \" four\"}\n\n"
                + "{\"prompt\": \"Hi\", \"completion\": \" there\", \"extra\": 1}\n");
        assertThat(rows).extracting(PromptCompletion::completion).containsExactly(" four", " there");
        assertThat(rows.get(1).source()).endsWith("pc.jsonl:3");
    }

    @Test
    void badRowsNameFileLineAndField() {
        Path f = tmp.resolve("pc.jsonl");
        assertThatThrownBy(() -> read("{\"prompt\": \"a\"}\n")).hasMessage(f + ":1: field 'completion' is missing");
        assertThatThrownBy(() -> read("{\"prompt\": \"a\", \"completion\": 3}\n"))
                .hasMessage(f + ":1: field 'completion' must be a string, found number");
        assertThatThrownBy(() -> read("{\"prompt\": \"a\", \"completion\": \"b\"}\n{oops\n"))
                .hasMessageStartingWith(f + ":2: not valid JSON");
    }

    @Test
    void causalBatchTakesLossOnCompletionAndEosOnly() {
        WhitespaceTokenizer tok = new WhitespaceTokenizer();
        // The test tokenizer wraps every text in [CLS] … [SEP] (ids 2 and 3).
        List<PromptCompletion> rows = List.of(new PromptCompletion("a b c", "d", "x:1"), new PromptCompletion("e", "f g", "x:2"));
        LmBatch b = CausalLmBatches.build(rows, tok, 99, 64);
        long i = LmBatch.IGNORE;
        // Row 0: [CLS] a b c [SEP] | [CLS] d [SEP] eos; row 1 is one shorter and padded with id 1.
        assertThat(b.ids()[0]).hasSize(9);
        assertThat(b.targets()[0]).containsExactly(i, i, i, i, i, 2, b.ids()[0][6], 3, 99);
        assertThat(b.mask()[1]).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 0);
        assertThat(b.ids()[1][8]).isEqualTo(WhitespaceTokenizer.PAD);
        assertThat(b.targets()[1][8]).isEqualTo(i);
        assertThat(b.targetCount()).isEqualTo(4 + 5);
    }

    @Test
    void longPairsLoseTheStartOfThePrompt() {
        WhitespaceTokenizer tok = new WhitespaceTokenizer();
        LmBatch b = CausalLmBatches.build(List.of(new PromptCompletion("p1 p2 p3 p4 p5", "c", "x:1")), tok, 99, 6);
        // Completion [CLS] c [SEP] + eos = 4 tokens; 2 prompt tokens fit: the last two, "p5 [SEP]".
        assertThat(b.ids()[0]).hasSize(6);
        assertThat(b.ids()[0][1]).isEqualTo(3); // [SEP] closing the prompt
        assertThatThrownBy(() -> CausalLmBatches.build(List.of(new PromptCompletion("p", "c1 c2 c3 c4", "x:7")), tok, 99, 6))
                .hasMessage("x:7: the completion takes 7 tokens, leaving no room for the prompt within the limit of 6");
    }

    @Test
    void mlmMaskingFollowsTheEightyTenTenRule() {
        int rows = 200;
        int cols = 100;
        long[][] ids = new long[rows][cols];
        long[][] mask = new long[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                ids[r][c] = c == 0 ? 2 : 10 + (r * 7 + c) % 500; // id 2 is special
                mask[r][c] = c < 90 ? 1 : 0;
            }
        }
        MlmMasker masker = new MlmMasker(4, 1000, Set.of(2L), 0.15);
        LmBatch b = masker.apply(ids, mask, 123);
        int chosen = 0;
        int masked = 0;
        int kept = 0;
        for (int r = 0; r < rows; r++) {
            assertThat(b.targets()[r][0]).isEqualTo(LmBatch.IGNORE); // special never chosen
            for (int c = 0; c < cols; c++) {
                if (b.targets()[r][c] == LmBatch.IGNORE) {
                    assertThat(b.ids()[r][c]).isEqualTo(ids[r][c]);
                    continue;
                }
                assertThat(c).isLessThan(90); // padding never chosen
                assertThat(b.targets()[r][c]).isEqualTo(ids[r][c]);
                chosen++;
                masked += b.ids()[r][c] == 4 ? 1 : 0;
                kept += b.ids()[r][c] == ids[r][c] ? 1 : 0;
            }
        }
        double candidates = rows * 89.0;
        assertThat(chosen / candidates).isBetween(0.14, 0.16);
        assertThat((double) masked / chosen).isBetween(0.77, 0.83);
        assertThat((double) kept / chosen).isBetween(0.08, 0.13); // 10% kept, plus random draws of the same id
        assertThat(masker.apply(ids, mask, 123).ids()).isDeepEqualTo(b.ids());
        assertThat(masker.apply(ids, mask, 124).ids()).isNotEqualTo(b.ids());
    }

    @Test
    void maskerRefusesBadSettings() {
        assertThatThrownBy(() -> new MlmMasker(4, 100, Set.of(), 0)).hasMessage("masking probability must be in (0, 1), got 0.0");
        assertThatThrownBy(() -> new MlmMasker(100, 100, Set.of(), 0.15)).hasMessage("mask id 100 is outside the vocabulary [0, 99]");
    }
}
