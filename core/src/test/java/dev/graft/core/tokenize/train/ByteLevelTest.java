package dev.graft.core.tokenize.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written GPT-2 split against GPT-2's own pattern, run by java.util.regex. */
class ByteLevelTest {
    /** GPT-2's pre-tokenization pattern, with \s, \p{L}, \p{N} over all of Unicode as in HF's regex engine. */
    private static final Pattern GPT2 = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static List<String> regex(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = GPT2.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static List<String> ours(String text) {
        List<String> out = new ArrayList<>();
        ByteLevel.split(text, out::add);
        return out;
    }

    @Test
    void splitsLikeGpt2() {
        assertThat(ours("Hello world's  end!\n")).containsExactly("Hello", " world", "'s", " ", " end", "!", "\n");
        assertThat(ours("abc123 456\t\tx  ")).containsExactly("abc", "123", " 456", "\t", "\t", "x", "  ");
        assertThat(ours("I'LL don't 'tis")).containsExactly("I", "'", "LL", " don", "'t", " '", "tis");
    }

    @Test
    void agreesWithThePatternOnRandomText() {
        String[] pieces = {"a", "Z", "é", "ß", "東", "😀", "7", "٣", "½", " ", " ", "  ", "\t", "\n", "\u00A0", "\u3000",
            "'", "'s", "'re", "'ll", "'d", "'m", "'t", "'ve", ".", ",", "!", "—", "$", "\u0301", "x'", "\r\n"};
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + random.nextInt(12);
            for (int i = 0; i < len; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = sb.toString();
            assertThat(ours(text)).as("split of [%s]", text).isEqualTo(regex(text));
        }
    }

    @Test
    void bytesToUnicodeIsGpt2s() {
        assertThat(ByteLevel.charOf(' ')).isEqualTo('Ġ');
        assertThat(ByteLevel.charOf('\n')).isEqualTo('Ċ');
        assertThat(ByteLevel.charOf('A')).isEqualTo('A');
        assertThat(ByteLevel.charOf(0)).isEqualTo('\u0100');
        assertThat(ByteLevel.charOf(0xAD)).isEqualTo('\u0143'); // the soft hyphen, the last non-printable byte
        assertThat(ByteLevel.charOf(0xFF)).isEqualTo('ÿ');
    }
}
