package dev.graft.core.tokenize.stats;

import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.SpannedEncoding;
import dev.graft.core.tokenize.TextFiles;
import dev.graft.core.tokenize.TokenizerException;
import dev.graft.core.tokenize.TokenizerOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import dev.graft.core.io.InputFile;

/**
 * {@code graft tokenizer stats}: how finely a tokenizer cuts a text (Rust et al. 2021, "How Good is
 * Your Tokenizer?", §4.1). Words are the whitespace-separated strings of each line, taken from the
 * original line: the normalisers Graft writes lower-case and strip accents but move no word
 * boundary, except BERT's, which makes each CJK ideograph a word of its own; such text counts as one
 * word per whitespace-separated run here, as Rust et al. count words from a reference segmentation
 * rather than from the tokenizer.
 *
 * <p>Each token is assigned to the word its span overlaps (HF's offsets; a byte-level token's leading
 * space overlaps no word, its letters do). Tokens that overlap no word, such as a lone whitespace
 * token, count in the line lengths but not in fertility. Lines are encoded whole, without special
 * tokens and without truncation.
 */
public final class TokenizerStats {
    private TokenizerStats() {}

    public static StatsResult run(Path tokenizer, Path input) {
        InputFile.problem(input, "a UTF-8 text file to measure on").ifPresent(m -> {
            throw new TokenizerException(m);
        });
        long lines = 0;
        long words = 0;
        long continued = 0;
        long tokens = 0;
        long wordTokens = 0;
        long unknown = 0;
        int[] lengths = new int[1024];
        try (HfTokenizer tok = HfTokenizer.load(tokenizer, TokenizerOptions.unlimited());
                BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            long unk = tok.unkId().orElse(-1);
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    int[] spans = wordSpans(line);
                    if (spans.length == 0) {
                        continue;
                    }
                    SpannedEncoding e = tok.encodeWithSpans(line);
                    int[] pieces = piecesPerWord(e, spans);
                    for (int p : pieces) {
                        wordTokens += p;
                        continued += p > 1 ? 1 : 0;
                    }
                    for (long id : e.encoding().ids()) {
                        unknown += id == unk ? 1 : 0;
                    }
                    if (lines == lengths.length) {
                        lengths = Arrays.copyOf(lengths, lengths.length * 2);
                    }
                    lengths[(int) lines++] = e.encoding().length();
                    words += pieces.length;
                    tokens += e.encoding().length();
                }
            } catch (CharacterCodingException ex) {
                throw TextFiles.notUtf8(input, ex);
            }
        } catch (IOException ex) {
            throw new TokenizerException(input + ": cannot read: " + ex.getMessage(), ex);
        }
        if (words == 0) {
            throw new TokenizerException(input + ": no words to measure (the file is empty or holds only whitespace)");
        }
        int[] sorted = Arrays.copyOf(lengths, (int) lines);
        Arrays.sort(sorted);
        StatsResult.Percentiles p = new StatsResult.Percentiles(rank(sorted, 50), rank(sorted, 90), rank(sorted, 95),
                rank(sorted, 99), sorted[sorted.length - 1]);
        return new StatsResult(tokenizer.toString(), input.toString(), lines, words, tokens,
                wordTokens / (double) words, continued / (double) words, tokens == 0 ? 0 : unknown / (double) tokens, p);
    }

    /** Start and end (UTF-16 indices) of each whitespace-separated word, flattened: s0, e0, s1, e1, ... */
    static int[] wordSpans(String line) {
        int[] spans = new int[16];
        int n = 0;
        int start = -1;
        for (int i = 0; i <= line.length(); ) {
            int cp = i < line.length() ? line.codePointAt(i) : ' ';
            boolean space = i == line.length() || isWhitespace(cp);
            if (space && start >= 0) {
                if (n + 2 > spans.length) {
                    spans = Arrays.copyOf(spans, spans.length * 2);
                }
                spans[n++] = start;
                spans[n++] = i;
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
            i += i < line.length() ? Character.charCount(cp) : 1;
        }
        return Arrays.copyOf(spans, n);
    }

    /** Tokens per word: each token goes to the first word its span overlaps. Spans ascend, so one pass suffices. */
    static int[] piecesPerWord(SpannedEncoding e, int[] spans) {
        int[] pieces = new int[spans.length / 2];
        int w = 0;
        for (int t = 0; t < e.encoding().length(); t++) {
            int s = e.starts()[t];
            int end = e.ends()[t];
            if (s >= end) {
                continue; // a special token, or one that covers no text
            }
            while (w < pieces.length && spans[2 * w + 1] <= s) {
                w++;
            }
            if (w < pieces.length && spans[2 * w] < end) {
                pieces[w]++;
            }
        }
        return pieces;
    }

    /** Nearest rank: the value at position ceil(p/100 · n) of the sorted values (1-based). */
    static int rank(int[] sorted, int p) {
        int k = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, k - 1)];
    }

    /** Unicode White_Space, as for the byte-level pre-tokenizer. */
    private static boolean isWhitespace(int cp) {
        return (cp >= 9 && cp <= 13) || cp == ' ' || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }
}
