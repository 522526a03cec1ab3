package dev.graft.core.tokenize.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.graft.core.testing.Fixtures;
import dev.graft.core.tokenize.TokenizerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statistics on files small enough to count by hand. */
class TokenizerStatsTest {
    @TempDir
    Path dir;

    /**
     * tiny-wordpiece knows the, cat, sat, on, mat, ##s, dog, ##gy, "." (lower-cased).
     * <pre>
     * "The cat sat"              the | cat | sat                        3 words, 3 tokens
     * "the cats sat on the mat." the | cat ##s | sat | on | the | mat . 6 words, 8 tokens, 2 continued
     * ""                         skipped
     * "doggy zebra"              dog ##gy | [UNK]                       2 words, 3 tokens, 1 continued, 1 unknown
     * "😀😀 the cat"             [UNK] | the | cat                      3 words, 3 tokens, 1 unknown
     * </pre>
     * 14 words, 17 tokens: fertility 17/14, continued 3/14, unknown 2/17; lengths 3 3 3 8. The last line
     * fails if HF's code-point offsets are taken for UTF-16 indices: "the" would fall to the emoji word.
     */
    @Test
    void wordPieceCountsByHand() throws IOException {
        Path text = Files.writeString(dir.resolve("t.txt"), "The cat sat\nthe cats sat on the mat.\n\ndoggy zebra\n😀😀 the cat\n");
        StatsResult r = TokenizerStats.run(Fixtures.path("tokenizers/tiny-wordpiece"), text);
        assertThat(r.lines()).isEqualTo(4);
        assertThat(r.words()).isEqualTo(14);
        assertThat(r.tokens()).isEqualTo(17);
        assertThat(r.fertility()).isCloseTo(17 / 14.0, within(1e-12));
        assertThat(r.continuedWords()).isCloseTo(3 / 14.0, within(1e-12));
        assertThat(r.unkRate()).isCloseTo(2 / 17.0, within(1e-12));
        assertThat(r.lengths()).isEqualTo(new StatsResult.Percentiles(3, 8, 8, 8, 8));
        assertThat(r.toJson()).contains("\"fertility\":1.2143", "\"continued_words\":0.2143", "\"unk_rate\":0.1176",
                "\"tokens_per_line\":{\"p50\":3,\"p90\":8,\"p95\":8,\"p99\":8,\"max\":8}");
    }

    /**
     * tiny-bpe: "the" is one token; " cat" is "Ġcat", whose span starts on the space; " cats" is
     * "Ġcat" "s". 3 words, 4 tokens, 1 continued; byte-level has no unknown token.
     */
    @Test
    void byteLevelLeadingSpacesBelongToTheirWord() throws IOException {
        Path text = Files.writeString(dir.resolve("t.txt"), "the cat cats\n");
        StatsResult r = TokenizerStats.run(Fixtures.path("tokenizers/tiny-bpe"), text);
        assertThat(r.words()).isEqualTo(3);
        assertThat(r.tokens()).isEqualTo(4);
        assertThat(r.fertility()).isCloseTo(4 / 3.0, within(1e-12));
        assertThat(r.continuedWords()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(r.unkRate()).isZero();
    }

    @Test
    void percentilesAreNearestRank() {
        int[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(TokenizerStats.rank(sorted, 50)).isEqualTo(5);
        assertThat(TokenizerStats.rank(sorted, 90)).isEqualTo(9);
        assertThat(TokenizerStats.rank(sorted, 95)).isEqualTo(10);
        assertThat(TokenizerStats.rank(new int[] {7}, 99)).isEqualTo(7);
    }

    @Test
    void missingInput() {
        Path missing = dir.resolve("nope.txt");
        assertThatThrownBy(() -> TokenizerStats.run(Fixtures.path("tokenizers/tiny-wordpiece"), missing))
                .isInstanceOf(TokenizerException.class)
                .hasMessage(missing + ": no such file (expected a UTF-8 text file to measure on)");
    }

    @Test
    void inputWithoutWords() throws IOException {
        Path blank = Files.writeString(dir.resolve("blank.txt"), " \n\n");
        assertThatThrownBy(() -> TokenizerStats.run(Fixtures.path("tokenizers/tiny-wordpiece"), blank))
                .isInstanceOf(TokenizerException.class)
                .hasMessage(blank + ": no words to measure (the file is empty or holds only whitespace)");
    }

    @Test
    void missingTokenizer() throws IOException {
        Path text = Files.writeString(dir.resolve("t.txt"), "the cat\n");
        assertThatThrownBy(() -> TokenizerStats.run(dir, text))
                .isInstanceOf(TokenizerException.class)
                .hasMessageStartingWith(dir + ": no tokenizer.json in this directory");
    }
}
