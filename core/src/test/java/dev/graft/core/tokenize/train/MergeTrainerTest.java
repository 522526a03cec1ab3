package dev.graft.core.tokenize.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graft.core.tokenize.bench.SyntheticCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incremental trainer against the definition: after every merge, recount all pairs from scratch
 * and check that the pair it chose was a most frequent one, and that the words it rewrote match a
 * plain left-to-right rewrite.
 */
class MergeTrainerTest {
    @TempDir
    Path dir;

    @Test
    void everyMergeIsAMostFrequentPairByFullRecount() throws IOException {
        Path corpus = dir.resolve("c.txt");
        new SyntheticCorpus(500, 3).write(corpus, 60_000, 4);
        WordCounter.Counts counts = WordCounter.count(List.of(corpus), ByteLevel::split, 2, Progress.NONE);
        Vocabulary vocab = new Vocabulary();
        int[][] words = new int[counts.words().length][];
        for (int w = 0; w < words.length; w++) {
            byte[] bytes = counts.words()[w].getBytes(StandardCharsets.UTF_8);
            words[w] = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                words[w][i] = vocab.add(String.valueOf(ByteLevel.charOf(bytes[i])));
            }
        }
        int[][] reference = Arrays.stream(words).map(int[]::clone).toArray(int[][]::new);
        MergeTrainer trainer = new MergeTrainer(vocab, words, counts.counts(), "");
        List<MergeTrainer.Merge> merges = trainer.train(vocab.size() + 400, 3, Progress.NONE);

        assertThat(merges).hasSizeGreaterThan(300);
        for (MergeTrainer.Merge m : merges) {
            Map<Long, Long> pairs = recount(reference, counts.counts());
            long best = pairs.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            long chosen = pairs.getOrDefault(key(m.left(), m.right()), 0L);
            assertThat(chosen).as("count of merge %s + %s", vocab.token(m.left()), vocab.token(m.right())).isEqualTo(best);
            assertThat(chosen).isGreaterThanOrEqualTo(3);
            for (int w = 0; w < reference.length; w++) {
                reference[w] = rewrite(reference[w], m);
            }
        }
        for (int w = 0; w < reference.length; w++) {
            assertThat(trainer.word(w)).as("word %s", counts.words()[w]).containsExactly(reference[w]);
        }
    }

    @Test
    void stopsWhenNoPairReachesTheMinimumFrequency() {
        Vocabulary vocab = new Vocabulary();
        int a = vocab.add("a");
        int b = vocab.add("b");
        int c = vocab.add("c");
        int[][] words = {{a, b, c}, {a, b}};
        List<MergeTrainer.Merge> merges = new MergeTrainer(vocab, words, new long[] {1, 2}, "").train(100, 3, Progress.NONE);
        assertThat(merges).containsExactly(new MergeTrainer.Merge(a, b, 3)); // "ab" x3; then "ab c" x1 < 3
        assertThat(vocab.tokens()).containsExactly("a", "b", "c", "ab");
    }

    @Test
    void repeatedPairsMergeLeftToRight() {
        Vocabulary vocab = new Vocabulary();
        int a = vocab.add("a");
        int b = vocab.add("b");
        MergeTrainer trainer = new MergeTrainer(vocab, new int[][] {{a, b, a, b}, {a, a, a}}, new long[] {5, 1}, "");
        List<MergeTrainer.Merge> merges = trainer.train(5, 1, Progress.NONE);
        // ab (x10) first; then (ab, ab) x5 beats (a, a) x2
        assertThat(merges).extracting(m -> vocab.token(m.merged())).containsExactly("ab", "abab", "aa");
        assertThat(trainer.word(0)).containsExactly(vocab.id("abab"));
        assertThat(trainer.word(1)).containsExactly(vocab.id("aa"), a);
    }

    @Test
    void continuingPrefixIsDroppedFromTheRightPart() {
        Vocabulary vocab = new Vocabulary();
        int h = vocab.add("h");
        int i = vocab.add("##i");
        int s = vocab.add("##s");
        MergeTrainer trainer = new MergeTrainer(vocab, new int[][] {{h, i, s}, {h, i}}, new long[] {2, 2}, "##");
        trainer.train(10, 1, Progress.NONE);
        assertThat(vocab.tokens()).containsExactly("h", "##i", "##s", "hi", "his");
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | b;
    }

    private static Map<Long, Long> recount(int[][] words, long[] counts) {
        Map<Long, Long> pairs = new HashMap<>();
        for (int w = 0; w < words.length; w++) {
            for (int i = 0; i + 1 < words[w].length; i++) {
                pairs.merge(key(words[w][i], words[w][i + 1]), counts[w], Long::sum);
            }
        }
        return pairs;
    }

    private static int[] rewrite(int[] word, MergeTrainer.Merge m) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == m.left() && word[i + 1] == m.right()) {
                out.add(m.merged());
                i++;
            } else {
                out.add(word[i]);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
