package dev.graft.core.tokenize.train;

import java.util.function.Consumer;

/**
 * GPT-2's byte-level pre-tokenization (Radford et al. 2019, "Language Models are Unsupervised
 * Multitask Learners", §2.2), as HF's {@code ByteLevel} pre-tokenizer does it with
 * {@code add_prefix_space=false, use_regex=true}: the text is split by GPT-2's pattern
 * <pre>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</pre>
 * and each piece's UTF-8 bytes are written as printable characters through GPT-2's
 * {@code bytes_to_unicode} table, so 256 symbols cover every text and no token is ever unknown.
 *
 * <p>The pattern is matched by hand: it is the hot loop of training, and a hand scan is several times
 * faster than {@code java.util.regex} with Unicode classes while following the same alternatives in
 * the same order.
 */
final class ByteLevel {
    private static final char[] BYTE_TO_CHAR = bytesToUnicode();

    private ByteLevel() {}

    /**
     * GPT-2's {@code bytes_to_unicode}: the printable bytes {@code !..~}, {@code ¡..¬}, {@code ®..ÿ} stand
     * for themselves; the other 68 bytes map, in order, to U+0100 onwards (space becomes 'Ġ', newline 'Ċ').
     */
    private static char[] bytesToUnicode() {
        char[] map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = (char) (printable ? b : next++);
        }
        return map;
    }

    /** The character standing for byte {@code b} (0..255). */
    static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xff];
    }

    /** Splits {@code text} into GPT-2 pre-tokens, in order. */
    static void split(String text, Consumer<String> sink) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            int end = contraction(text, i);
            if (end < 0) {
                end = run(text, i);
            }
            sink.accept(text.substring(i, end));
            i = end;
        }
    }

    /** {@code 's|'t|'re|'ve|'m|'ll|'d} at {@code i}: the end of the match, or -1. */
    private static int contraction(String s, int i) {
        if (s.charAt(i) != '\'' || i + 1 >= s.length()) {
            return -1;
        }
        char c = s.charAt(i + 1);
        if (c == 's' || c == 't' || c == 'm' || c == 'd') {
            return i + 2;
        }
        if (i + 2 < s.length()) {
            char d = s.charAt(i + 2);
            if ((c == 'r' && d == 'e') || (c == 'v' && d == 'e') || (c == 'l' && d == 'l')) {
                return i + 3;
            }
        }
        return -1;
    }

    /** The letter, number, symbol or whitespace alternatives at {@code i}: the end of the match. */
    private static int run(String s, int i) {
        int n = s.length();
        int start = s.charAt(i) == ' ' && i + 1 < n ? i + 1 : i; // the optional leading space
        int cp = s.codePointAt(start);
        int kind = kind(cp);
        if (start > i && kind == WHITESPACE) {
            start = i; // " " then whitespace: no letter/number/symbol run starts here
            cp = ' ';
        }
        if (kind != WHITESPACE) {
            int j = start + Character.charCount(cp);
            while (j < n) {
                int c = s.codePointAt(j);
                if (kind(c) != kind) {
                    break;
                }
                j += Character.charCount(c);
            }
            return j;
        }
        // \s+(?!\S) takes the whitespace run but leaves its last character when a non-space follows,
        // so that character can lead the next word (" ?\p{L}+"); a lone whitespace falls to \s+.
        int j = i;
        while (j < n && isWhitespace(s.codePointAt(j))) {
            j += Character.charCount(s.codePointAt(j));
        }
        if (j == n) {
            return j;
        }
        int last = s.offsetByCodePoints(j, -1);
        return last > i ? last : j;
    }

    private static final int LETTER = 0;
    private static final int NUMBER = 1;
    private static final int OTHER = 2;
    private static final int WHITESPACE = 3;

    private static int kind(int cp) {
        if (cp < 128) { // ASCII fast path
            if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
                return LETTER;
            }
            if (cp >= '0' && cp <= '9') {
                return NUMBER;
            }
            return cp == ' ' || (cp >= 9 && cp <= 13) ? WHITESPACE : OTHER;
        }
        if (Character.isLetter(cp)) {
            return LETTER;
        }
        int type = Character.getType(cp);
        if (type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER) {
            return NUMBER;
        }
        return isWhitespace(cp) ? WHITESPACE : OTHER;
    }

    /** Unicode's White_Space property, which {@code \s} matches in HF's regex engine. */
    static boolean isWhitespace(int cp) {
        return (cp >= 9 && cp <= 13) || cp == ' ' || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }
}
