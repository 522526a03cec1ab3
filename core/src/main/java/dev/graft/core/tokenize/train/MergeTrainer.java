package dev.graft.core.tokenize.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Byte-pair-encoding merge learning (Sennrich, Haddow and Birch 2016, "Neural Machine Translation of
 * Rare Words with Subword Units", §3.2): repeatedly join the most frequent adjacent pair of symbols into
 * a new symbol until the vocabulary is full.
 *
 * <p>Done incrementally, as HF's {@code BpeTrainer} and SentencePiece do, rather than by recounting:
 * the corpus is reduced to distinct words with counts; pair counts are kept in a {@link PairTable}
 * together with the words each pair occurs in; the best pair comes from a lazily updated
 * {@link PairHeap}. A merge then visits only the words that hold the pair, and each occurrence changes
 * four neighbour counts: {@code (prev, a)}, {@code (b, next)} lose, {@code (prev, ab)}, {@code (ab, next)}
 * gain. The cost of a merge is proportional to the words it touches, not to the corpus.
 *
 * <p>With a continuing-subword prefix ({@code "##"}, HF's WordPiece trainer) every symbol but a word's
 * first carries the prefix, and a merge drops it from the right part: {@code "##a" + "##b" = "##ab"},
 * {@code "a" + "##b" = "ab"}.
 */
final class MergeTrainer {
    /** One learned merge: symbols {@code left} and {@code right} became {@code merged}. */
    record Merge(int left, int right, int merged) {}

    private final Vocabulary vocab;
    private final int[][] words;
    private final int[] lengths;
    private final long[] counts;
    private final String prefix;
    private final PairTable pairs = new PairTable();

    private int[] touchedStamp = new int[1024];
    private int[] touched = new int[1024];
    private int touchedCount;
    private int stamp;

    /**
     * @param vocab the special tokens and initial alphabet; merged symbols are added to it
     * @param words each distinct word as symbol ids of {@code vocab}; merged in place
     * @param counts how often each word occurs
     * @param prefix the continuing-subword prefix to drop from a merge's right part, or "" for none
     */
    MergeTrainer(Vocabulary vocab, int[][] words, long[] counts, String prefix) {
        this.vocab = vocab;
        this.words = words;
        this.counts = counts;
        this.prefix = prefix;
        this.lengths = new int[words.length];
        for (int w = 0; w < words.length; w++) {
            lengths[w] = words[w].length;
        }
    }

    /**
     * Learns merges until the vocabulary holds {@code vocabSize} tokens or no pair occurs at least
     * {@code minFrequency} times.
     */
    List<Merge> train(int vocabSize, long minFrequency, Progress progress) {
        countPairs();
        PairHeap heap = new PairHeap();
        for (int s = 0; s < pairs.size(); s++) {
            heap.push(pairs.count(s), s);
        }
        List<Merge> merges = new ArrayList<>();
        Set<Long> seenMerges = new HashSet<>();
        int[] visited = new int[words.length];
        Arrays.fill(visited, -1);
        int wanted = Math.max(0, vocabSize - vocab.size());
        while (vocab.size() < vocabSize && !heap.isEmpty()) {
            long queued = heap.topCount();
            int slot = heap.topSlot();
            heap.pop();
            long live = pairs.count(slot);
            if (queued != live) { // stale entry: requeue with the live count
                if (live > 0) {
                    heap.push(live, slot);
                }
                continue;
            }
            if (live < Math.max(1, minFrequency)) {
                break;
            }
            int a = pairs.left(slot);
            int b = pairs.right(slot);
            int merged = vocab.add(vocab.token(a) + stripPrefix(vocab.token(b)));
            if (seenMerges.add(((long) a << 32) | b)) {
                merges.add(new Merge(a, b, merged));
            }
            int[] holders = pairs.words(slot);
            int holderCount = pairs.wordCount(slot);
            pairs.clear(slot);
            stamp++;
            touchedCount = 0;
            for (int k = 0; k < holderCount; k++) {
                int w = holders[k];
                if (visited[w] != stamp) {
                    visited[w] = stamp;
                    mergeWord(w, a, b, merged);
                }
            }
            for (int k = 0; k < touchedCount; k++) {
                int s = touched[k];
                if (pairs.count(s) > 0) {
                    heap.push(pairs.count(s), s);
                }
            }
            if (merges.size() % 100 == 0) {
                progress.report("merges", merges.size(), wanted);
            }
        }
        progress.report("merges", merges.size(), wanted);
        return merges;
    }

    private void countPairs() {
        for (int w = 0; w < words.length; w++) {
            int[] sym = words[w];
            for (int i = 0; i + 1 < lengths[w]; i++) {
                int slot = pairs.slot(sym[i], sym[i + 1]);
                pairs.add(slot, counts[w]);
                pairs.addWord(slot, w);
            }
        }
    }

    /**
     * Replaces every (a, b) in word {@code w} by {@code m}, left to right, and moves the neighbour
     * counts. {@code sym[out - 1]} is the symbol before the occurrence after earlier merges in this
     * word, so "a b a b" correctly yields one (m, m) pair.
     */
    private void mergeWord(int w, int a, int b, int m) {
        int[] sym = words[w];
        int n = lengths[w];
        long count = counts[w];
        int out = 0;
        int i = 0;
        while (i < n) {
            if (i + 1 < n && sym[i] == a && sym[i + 1] == b) {
                if (out > 0) {
                    int prev = sym[out - 1];
                    change(prev, a, -count, w);
                    change(prev, m, count, w);
                }
                if (i + 2 < n) {
                    int next = sym[i + 2];
                    change(b, next, -count, w);
                    change(m, next, count, w);
                }
                sym[out++] = m;
                i += 2;
            } else {
                sym[out++] = sym[i++];
            }
        }
        lengths[w] = out;
    }

    private void change(int x, int y, long delta, int w) {
        int slot = pairs.slot(x, y);
        pairs.add(slot, delta);
        if (delta > 0) {
            pairs.addWord(slot, w);
            if (slot >= touchedStamp.length) {
                touchedStamp = Arrays.copyOf(touchedStamp, Math.max(slot + 1, touchedStamp.length * 2));
            }
            if (touchedStamp[slot] != stamp) {
                touchedStamp[slot] = stamp;
                if (touchedCount == touched.length) {
                    touched = Arrays.copyOf(touched, touchedCount * 2);
                }
                touched[touchedCount++] = slot;
            }
        }
    }

    private String stripPrefix(String right) {
        return !prefix.isEmpty() && right.startsWith(prefix) ? right.substring(prefix.length()) : right;
    }

    /** The current segmentation of word {@code w}, for tests. */
    int[] word(int w) {
        return Arrays.copyOf(words[w], lengths[w]);
    }
}
