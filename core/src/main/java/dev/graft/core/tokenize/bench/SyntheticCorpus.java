package dev.graft.core.tokenize.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A deterministic stand-in for natural text, for timing trainers: sentences of pseudo-words drawn
 * from a Zipf–Mandelbrot distribution ({@code p(r) ∝ (r + 2.7)^-1.07}, Mandelbrot 1953), the shape
 * of word frequencies in natural language, with capitals, commas, end punctuation, numbers and a few
 * accented syllables. What matters for a BPE trainer is this shape: many repeats of few words, a long
 * tail of rare ones, words of several syllables sharing pieces.
 *
 * <p>The same seed and size give the same bytes on every machine (a {@link SplittableRandom} walk, no
 * hash order, no locale).
 */
public final class SyntheticCorpus {
    private static final String[] ONSETS = {"", "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t",
        "v", "w", "z", "br", "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "st", "th", "tr", "qu", "sk", "sp"};
    private static final String[] NUCLEI = {"a", "e", "i", "o", "u", "ai", "ea", "ee", "ie", "oo", "ou", "y", "é", "ö", "à"};
    private static final String[] CODAS = {"", "", "", "n", "r", "s", "t", "l", "m", "nd", "ng", "st", "rt", "ck", "x", "ñ"};

    private final String[] lexicon;
    private final double[] cdf;

    /** @param words lexicon size; @param seed makes the lexicon and the text reproducible */
    public SyntheticCorpus(int words, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        lexicon = new String[words];
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int r = 0; r < words; r++) {
            // Frequent words are short, as in natural language (Zipf's law of abbreviation).
            int syllables = 1 + (r < 100 ? 0 : r < 2000 ? random.nextInt(2) : 1 + random.nextInt(3));
            String w;
            do {
                w = word(random, syllables);
            } while (!seen.add(w));
            lexicon[r] = w;
        }
        cdf = new double[words];
        double sum = 0;
        for (int r = 0; r < words; r++) {
            sum += Math.pow(r + 2.7, -1.07);
            cdf[r] = sum;
        }
        for (int r = 0; r < words; r++) {
            cdf[r] /= sum;
        }
    }

    private static String word(SplittableRandom random, int syllables) {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < syllables; s++) {
            sb.append(ONSETS[random.nextInt(ONSETS.length)]);
            // Accented nuclei (the last three) are rare, as in English text.
            sb.append(NUCLEI[random.nextInt(100) < 97 ? random.nextInt(NUCLEI.length - 3) : random.nextInt(NUCLEI.length)]);
            sb.append(CODAS[random.nextInt(100) < 98 ? random.nextInt(CODAS.length - 1) : CODAS.length - 1]);
        }
        return sb.toString();
    }

    /** Writes about {@code bytes} bytes (whole lines) of text to {@code file}, from {@code seed}. */
    public long write(Path file, long bytes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(512);
            while (written < bytes) {
                line.setLength(0);
                int sentences = 1 + random.nextInt(3);
                for (int s = 0; s < sentences; s++) {
                    if (s > 0) {
                        line.append(' ');
                    }
                    sentence(random, line);
                }
                line.append('\n');
                String text = line.toString();
                out.write(text);
                written += text.getBytes(StandardCharsets.UTF_8).length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the corpus", e);
        }
        return written;
    }

    private void sentence(SplittableRandom random, StringBuilder line) {
        int words = 6 + random.nextInt(19);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                line.append(random.nextInt(100) < 8 ? ", " : " ");
            }
            String w = random.nextInt(100) < 3 ? Integer.toString(random.nextInt(10_000)) : lexicon[rank(random)];
            if (i == 0) {
                line.appendCodePoint(Character.toUpperCase(w.codePointAt(0))).append(w, Character.charCount(w.codePointAt(0)), w.length());
            } else {
                line.append(w);
            }
        }
        int end = random.nextInt(100);
        line.append(end < 85 ? '.' : end < 95 ? '?' : '!');
    }

    private int rank(SplittableRandom random) {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(i < 0 ? -i - 1 : i, cdf.length - 1);
    }
}
