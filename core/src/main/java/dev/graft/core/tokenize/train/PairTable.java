package dev.graft.core.tokenize.train;

import java.util.Arrays;

/**
 * Every adjacent symbol pair seen in the corpus, with its weighted count and the words it occurs in.
 * A pair gets a dense slot on first sight and keeps it; the table never shrinks.
 *
 * <p>Primitive arrays instead of {@code HashMap<Pair, Long>} and {@code HashSet<Integer>} per pair: a
 * 20 MB corpus has millions of pair occurrences, and boxing each would dominate the training time.
 * The word lists may hold a word twice or a word that no longer contains the pair; the trainer checks
 * each word when it merges, so the lists only need to be complete, not exact.
 */
final class PairTable {
    private static final int EMPTY = -1;

    private long[] keys = new long[1 << 16];
    private int[] slotAt = new int[1 << 16];
    private int mask = keys.length - 1;

    private int size;
    private int[] left = new int[1024];
    private int[] right = new int[1024];
    private long[] counts = new long[1024];
    private int[][] words = new int[1024][];
    private int[] wordCounts = new int[1024];

    PairTable() {
        Arrays.fill(slotAt, EMPTY);
    }

    int size() {
        return size;
    }

    /** The slot of pair (a, b), created with count 0 when new. */
    int slot(int a, int b) {
        long key = ((long) a << 32) | (b & 0xffffffffL);
        int i = hash(key) & mask;
        while (slotAt[i] != EMPTY) {
            if (keys[i] == key) {
                return slotAt[i];
            }
            i = (i + 1) & mask;
        }
        int slot = size++;
        keys[i] = key;
        slotAt[i] = slot;
        if (slot == left.length) {
            growSlots();
        }
        left[slot] = a;
        right[slot] = b;
        if (size * 2 > keys.length) {
            rehash();
        }
        return slot;
    }

    int left(int slot) {
        return left[slot];
    }

    int right(int slot) {
        return right[slot];
    }

    long count(int slot) {
        return counts[slot];
    }

    void add(int slot, long delta) {
        counts[slot] += delta;
    }

    void clear(int slot) {
        counts[slot] = 0;
        words[slot] = null;
        wordCounts[slot] = 0;
    }

    /** Records that {@code word} contains the pair; a repeat of the last word added is skipped. */
    void addWord(int slot, int word) {
        int n = wordCounts[slot];
        int[] list = words[slot];
        if (list == null) {
            list = words[slot] = new int[4];
        } else if (list[n - 1] == word) {
            return;
        } else if (n == list.length) {
            list = words[slot] = Arrays.copyOf(list, n + (n >> 1) + 1);
        }
        list[n] = word;
        wordCounts[slot] = n + 1;
    }

    /** The words recorded for the slot (read {@link #wordCount} entries); may be null when none. */
    int[] words(int slot) {
        return words[slot];
    }

    int wordCount(int slot) {
        return wordCounts[slot];
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
    }

    private void growSlots() {
        int n = left.length * 2;
        left = Arrays.copyOf(left, n);
        right = Arrays.copyOf(right, n);
        counts = Arrays.copyOf(counts, n);
        words = Arrays.copyOf(words, n);
        wordCounts = Arrays.copyOf(wordCounts, n);
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldSlots = slotAt;
        keys = new long[oldKeys.length * 2];
        slotAt = new int[oldKeys.length * 2];
        Arrays.fill(slotAt, EMPTY);
        mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldSlots[j] != EMPTY) {
                int i = hash(oldKeys[j]) & mask;
                while (slotAt[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                slotAt[i] = oldSlots[j];
            }
        }
    }
}
