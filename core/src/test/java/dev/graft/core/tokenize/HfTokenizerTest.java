package dev.graft.core.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graft.core.testing.Fixtures;
import dev.graft.core.tokenize.TokenizerOptions.Truncation;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Loading tokenizer.json files through DJL: special tokens, pairs, truncation, length limits. */
class HfTokenizerTest {
    /** n words of one token each: "a" is in every trained alphabet as a word-initial character. */
    private static String words(int n) {
        return IntStream.range(0, n).mapToObj(i -> "a").collect(Collectors.joining(" "));
    }

    @Test
    void wordPieceSingleTextIsClsTextSep() {
        try (HfTokenizer t = HfTokenizer.load(TrainedTokenizers.wordPiece(), TokenizerOptions.of(512))) {
            Encoding e = t.encode("Hello, World!");
            assertThat(e.tokens()[0]).isEqualTo("[CLS]");
            assertThat(e.tokens()[e.length() - 1]).isEqualTo("[SEP]");
            assertThat(e.ids()[0]).isEqualTo(2);
            assertThat(e.ids()[e.length() - 1]).isEqualTo(3);
            assertThat(e.typeIds()).containsOnly(0L);
            assertThat(e.tokens()).contains(",", "!");
        }
    }

    @Test
    void wordPiecePairIsClsASepBSepWithTypeIds() {
        try (HfTokenizer t = HfTokenizer.load(TrainedTokenizers.wordPiece(), TokenizerOptions.of(512));
                HfTokenizer plain = HfTokenizer.load(TrainedTokenizers.wordPiece(), TokenizerOptions.of(512).withSpecialTokens(false))) {
            long[] a = plain.encode("It's 42 degrees").ids();
            long[] b = plain.encode("Zürich, Москва").ids();
            long[] expected = new long[a.length + b.length + 3];
            expected[0] = 2; // [CLS]
            System.arraycopy(a, 0, expected, 1, a.length);
            expected[a.length + 1] = 3; // [SEP]
            System.arraycopy(b, 0, expected, a.length + 2, b.length);
            expected[expected.length - 1] = 3;
            long[] expectedTypes = new long[expected.length];
            Arrays.fill(expectedTypes, a.length + 2, expected.length, 1L);

            Encoding pair = t.encodePair("It's 42 degrees", "Zürich, Москва");
            assertThat(pair.ids()).containsExactly(expected);
            assertThat(pair.typeIds()).containsExactly(expectedTypes);
            assertThat(pair.tokens()[0]).isEqualTo("[CLS]");
            assertThat(pair.tokens()[a.length + 1]).isEqualTo("[SEP]");
        }
    }

    @Test
    void byteLevelBpeAddsNoSpecialTokensAndTypesThePairSecondAsOne() {
        try (HfTokenizer t = HfTokenizer.load(TrainedTokenizers.bpe(), TokenizerOptions.of(1024))) {
            Encoding e = t.encode("Hello world");
            assertThat(e.tokens()).doesNotContain("<|endoftext|>");
            assertThat(String.join("", e.tokens())).isEqualTo("HelloĠworld");
            Encoding pair = t.encodePair("Hello", " world");
            assertThat(String.join("", pair.tokens())).isEqualTo("HelloĠworld");
            assertThat(pair.typeIds()).startsWith(0L).endsWith(1L);
            assertThat(t.unkId()).isEmpty();
        }
    }

    @Test
    void specialTokensCanBeLeftOut() {
        TokenizerOptions options = TokenizerOptions.of(512).withSpecialTokens(false);
        try (HfTokenizer t = HfTokenizer.load(TrainedTokenizers.wordPiece(), options)) {
            assertThat(t.encode("the cat").tokens()).doesNotContain("[CLS]", "[SEP]");
        }
    }

    @Test
    void maxLengthAbove512IsHonoured() {
        try (HfTokenizer t = HfTokenizer.load(TrainedTokenizers.wordPiece(), TokenizerOptions.of(1024))) {
            assertThat(t.encode(words(700)).length()).isEqualTo(702); // not clamped to DJL's default 512
            assertThat(t.encode(words(2000)).length()).isEqualTo(1024);
            assertThat(t.maxLength()).isEqualTo(1024);
        }
    }

    @Test
    void longestFirstShortensTheLongerText() {
        try (HfTokenizer t = HfTokenizer.load(TrainedTokenizers.wordPiece(), TokenizerOptions.of(11))) {
            Encoding pair = t.encodePair(words(10), words(4)); // 14 tokens + 3 specials into 11: 4 + 4
            assertThat(pair.length()).isEqualTo(11);
            assertThat(pair.typeIds()).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
        }
    }

    @Test
    void onlySecondShortensTheSecondTextAlone() {
        TokenizerOptions options = TokenizerOptions.of(11).withTruncation(Truncation.ONLY_SECOND);
        try (HfTokenizer t = HfTokenizer.load(TrainedTokenizers.wordPiece(), options)) {
            Encoding pair = t.encodePair(words(2), words(10)); // the first keeps 2, the second 6
            assertThat(pair.typeIds()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1);
            Encoding single = t.encode(words(30));
            assertThat(single.length()).isEqualTo(11); // a single text has no second part: its tail goes
            assertThatThrownBy(() -> t.encodePair(words(10), words(4)))
                    .isInstanceOf(TokenizerException.class)
                    .hasMessageContaining("tokenizer.json")
                    .hasMessageContaining("maxLength 11 with ONLY_SECOND truncation")
                    .hasMessageContaining("the first text and the special tokens alone fill it");
        }
    }

    @Test
    void limitBelowTheSpecialTokensIsRefused() {
        assertThatThrownBy(() -> HfTokenizer.load(TrainedTokenizers.wordPiece(), TokenizerOptions.of(2)))
                .isInstanceOf(TokenizerException.class)
                .hasMessage(TrainedTokenizers.wordPiece().resolve("tokenizer.json")
                        + ": maxLength 2 is below the 3 special tokens this tokenizer adds to a pair");
        try (HfTokenizer t = HfTokenizer.load(TrainedTokenizers.wordPiece(), TokenizerOptions.of(3))) {
            assertThat(t.encodePair("a a", "a").tokens()).containsExactly("[CLS]", "[SEP]", "[SEP]");
        }
    }

    @Test
    void padIdComesFromTheFiles() {
        try (HfTokenizer wp = HfTokenizer.load(TrainedTokenizers.wordPiece(), TokenizerOptions.of(512));
                HfTokenizer roberta = HfTokenizer.load(Fixtures.path("tokenizers/roberta-pad1"), TokenizerOptions.of(512));
                HfTokenizer unigram = HfTokenizer.load(Fixtures.path("tokenizers/unigram"), TokenizerOptions.of(512));
                HfTokenizer gpt2 = HfTokenizer.load(Fixtures.path("tokenizers/tiny-bpe"), TokenizerOptions.of(512))) {
            assertThat(wp.padId()).isEqualTo(0); // [PAD], by tokenizer_config.json's pad_token
            assertThat(roberta.padId()).isEqualTo(1); // tokenizer.json's padding section
            assertThat(unigram.padId()).isEqualTo(1); // pad_token as an AddedToken object
            assertThat(gpt2.padId()).isEqualTo(0); // no pad_token: eos_token
        }
    }

    @Test
    void robertaPairUsesDoubleSeparator() {
        try (HfTokenizer t = HfTokenizer.load(Fixtures.path("tokenizers/roberta-pad1/tokenizer.json"), TokenizerOptions.of(512))) {
            assertThat(t.encode("hi hi").ids()).containsExactly(0, 7, 8, 2);
            assertThat(t.encodePair("hi", "hi").ids()).containsExactly(0, 7, 2, 2, 7, 2);
            assertThat(t.decode(new long[] {0, 7, 8, 2})).isEqualTo("hi hi");
            assertThat(t.vocabSize()).isEqualTo(9);
        }
    }

    @Test
    void unigramLoadsAndSegmentsByScore() {
        try (HfTokenizer t = HfTokenizer.load(Fixtures.path("tokenizers/unigram"), TokenizerOptions.of(2048))) {
            Encoding e = t.encode("hello worldd");
            assertThat(e.tokens()).containsExactly("▁hello", "▁world", "d");
            assertThat(e.ids()).containsExactly(3, 4, 13);
            assertThat(t.decode(e.ids())).isEqualTo("hello worldd");
            assertThat(t.unkId()).hasValue(0);
            assertThat(t.files().modelType()).isEqualTo("Unigram");
            assertThat(t.files().modelMaxLength()).hasValue(2048);
        }
    }

    @Test
    void spansIndexTheJavaStringPastTheBasicPlane() {
        try (HfTokenizer t = HfTokenizer.load(Fixtures.path("tokenizers/tiny-wordpiece"), TokenizerOptions.unlimited())) {
            String text = "😀😀 the cats";
            SpannedEncoding s = t.encodeWithSpans(text);
            assertThat(s.encoding().tokens()).containsExactly("[UNK]", "the", "cat", "##s");
            String[] covered = new String[s.starts().length];
            for (int i = 0; i < covered.length; i++) {
                covered[i] = text.substring(s.starts()[i], s.ends()[i]);
            }
            assertThat(covered).containsExactly("😀😀", "the", "cat", "s");
        }
    }

    /**
     * DJL would fetch a CUDA build of the tokenizers library on a GPU machine when not offline; the
     * CPU build in the jar serves every machine, so HfTokenizer pins it unless the user chose one.
     */
    @Test
    void tokenizersLibraryIsPinnedToTheCpuBuild() {
        assumeTrue(System.getenv("RUST_FLAVOR") == null, "RUST_FLAVOR set in the environment");
        try (HfTokenizer t = HfTokenizer.load(Fixtures.path("tokenizers/tiny-bpe"), TokenizerOptions.of(8))) {
            assertThat(System.getProperty("RUST_FLAVOR")).isEqualTo("cpu");
        }
    }
}
