package dev.graft.core.tokenize.train;

import java.text.Normalizer;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * BERT's text normalisation and word splitting (Devlin et al. 2019, "BERT", §A.2 and the
 * {@code BasicTokenizer} of its release), as HF's {@code BertNormalizer} and {@code BertPreTokenizer}
 * do them, so that the words we count while training are the words the written tokenizer will see:
 * <ol>
 *   <li>clean text: drop NUL, U+FFFD and control characters, turn every whitespace into a space;</li>
 *   <li>put spaces around CJK ideographs, so each becomes a word of its own;</li>
 *   <li>strip accents (optional): NFD, then drop non-spacing marks;</li>
 *   <li>lower-case (optional), code point by code point as Rust's {@code char::to_lowercase} does;</li>
 *   <li>split on whitespace, and isolate each punctuation character as a word.</li>
 * </ol>
 */
final class BertPreTokenization {
    private final boolean lowercase;
    private final boolean stripAccents;

    BertPreTokenization(boolean lowercase, boolean stripAccents) {
        this.lowercase = lowercase;
        this.stripAccents = stripAccents;
    }

    /** Normalises {@code text} and hands each word to {@code sink}. */
    void split(String text, Consumer<String> sink) {
        String s = normalize(text);
        int n = s.length();
        int start = -1;
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            if (cp == ' ' || isPunctuation(cp)) {
                if (start >= 0) {
                    sink.accept(s.substring(start, i));
                    start = -1;
                }
                if (cp != ' ') {
                    sink.accept(s.substring(i, i + len));
                }
            } else if (start < 0) {
                start = i;
            }
            i += len;
        }
        if (start >= 0) {
            sink.accept(s.substring(start));
        }
    }

    String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        boolean ascii = true;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 128 && cp >= 32 && cp != 127) {
                sb.append((char) cp);
                continue;
            }
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                continue;
            }
            if (ByteLevel.isWhitespace(cp)) {
                sb.append(' ');
            } else if (isCjk(cp)) {
                sb.append(' ').appendCodePoint(cp).append(' ');
                ascii = false;
            } else {
                sb.appendCodePoint(cp);
                ascii = false;
            }
        }
        String s = sb.toString();
        if (stripAccents && !ascii) {
            s = removeNonSpacingMarks(Normalizer.normalize(s, Normalizer.Form.NFD));
        }
        if (lowercase) {
            s = lowercase(s, ascii);
        }
        return s;
    }

    private static String removeNonSpacingMarks(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) != Character.NON_SPACING_MARK) {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    /**
     * Per code point, not {@code String.toLowerCase}: Java applies the context rule for a final sigma
     * (Σ→ς at a word's end), Rust's per-character mapping never does (Σ→σ).
     */
    private static String lowercase(String s, boolean ascii) {
        if (ascii) {
            return s.toLowerCase(Locale.ROOT);
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            if (cp < 128) {
                sb.append((char) Character.toLowerCase(cp));
            } else {
                sb.append(s.substring(i, i + len).toLowerCase(Locale.ROOT)); // İ → i̇, as Rust does
            }
            i += len;
        }
        return sb.toString();
    }

    /** Rust's {@code char::is_other} less tab, newline and carriage return (which are whitespace). */
    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.SURROGATE
                || t == Character.PRIVATE_USE || t == Character.UNASSIGNED;
    }

    /**
     * BERT's "Chinese character": the CJK Unified Ideographs blocks and their extensions. The range from
     * U+2B920 (not U+2B820) is HF's, kept so that training splits exactly as encoding will.
     */
    static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** BERT's punctuation: all ASCII non-alphanumeric printable characters, and Unicode's P* categories. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        if (cp < 128) {
            return false;
        }
        switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }
}
