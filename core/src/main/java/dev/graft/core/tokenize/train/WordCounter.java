package dev.graft.core.tokenize.train;

import dev.graft.core.tokenize.TextFiles;
import dev.graft.core.tokenize.TokenizerException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import dev.graft.core.io.InputFile;

/**
 * Reads training text line by line and counts its pre-tokenized words: the corpus a BPE trainer works
 * on is the table of distinct words with their counts, not the text.
 *
 * <p>Pre-tokenizing is most of the work before merging, and it is independent per line, so the
 * reading thread cuts the input into chunks of lines and worker threads count them into one map per
 * thread; the maps are summed at the end. Words come out sorted by count, then text, so the result
 * does not depend on scheduling.
 */
final class WordCounter {
    /** Splits one line of text into words. */
    @FunctionalInterface
    interface Splitter {
        void split(String line, Consumer<String> sink);
    }

    /** Distinct words, most frequent first, with their counts and what was read. */
    record Counts(String[] words, long[] counts, long bytes, long lines) {}

    private static final int CHUNK_CHARS = 1 << 18;

    private WordCounter() {}

    static Counts count(List<Path> inputs, Splitter splitter, int threads, Progress progress) {
        long total = 0;
        for (Path p : inputs) {
            InputFile.problem(p, "a UTF-8 text file to train on").ifPresent(m -> {
                throw new TokenizerException(m);
            });
            total += size(p);
        }
        ConcurrentLinkedQueue<Map<String, long[]>> maps = new ConcurrentLinkedQueue<>();
        ThreadLocal<Map<String, long[]>> local = ThreadLocal.withInitial(() -> {
            Map<String, long[]> m = new HashMap<>(1 << 16);
            maps.add(m);
            return m;
        });
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "graft-word-counter");
            t.setDaemon(true);
            return t;
        });
        // Bounds the chunks in memory: the reader waits when the workers fall behind.
        Semaphore inFlight = new Semaphore(Math.max(1, threads) * 2);
        List<Future<?>> done = new ArrayList<>();
        long lines = 0;
        long readBytes = 0;
        try {
            for (Path p : inputs) {
                try (BufferedReader in = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                    List<String> chunk = new ArrayList<>();
                    int chunkChars = 0;
                    long lineNo = 0;
                    try {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            lineNo++;
                            chunk.add(line);
                            chunkChars += line.length() + 1;
                            if (chunkChars >= CHUNK_CHARS) {
                                readBytes += chunkChars;
                                done.add(submit(pool, inFlight, chunk, splitter, local));
                                progress.report("reading MB", Math.min(readBytes, total) >> 20, total >> 20);
                                chunk = new ArrayList<>();
                                chunkChars = 0;
                            }
                        }
                    } catch (CharacterCodingException e) {
                        throw TextFiles.notUtf8(p, e);
                    }
                    lines += lineNo;
                    readBytes += chunkChars;
                    if (!chunk.isEmpty()) {
                        done.add(submit(pool, inFlight, chunk, splitter, local));
                    }
                } catch (IOException e) {
                    throw new TokenizerException(p + ": cannot read: " + e.getMessage(), e);
                }
            }
            for (Future<?> f : done) {
                f.get(); // also makes the workers' map writes visible here
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenizerException("interrupted while counting words", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("counting words failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        progress.report("reading MB", total >> 20, total >> 20);
        return sorted(sum(maps), total, lines);
    }

    private static Future<?> submit(ExecutorService pool, Semaphore inFlight, List<String> chunk, Splitter splitter,
            ThreadLocal<Map<String, long[]>> local) throws InterruptedException {
        inFlight.acquire();
        return pool.submit(() -> {
            try {
                Map<String, long[]> counts = local.get();
                Consumer<String> sink = w -> counts.computeIfAbsent(w, k -> new long[1])[0]++;
                for (String line : chunk) {
                    splitter.split(line, sink);
                }
            } finally {
                inFlight.release();
            }
        });
    }

    private static Map<String, long[]> sum(ConcurrentLinkedQueue<Map<String, long[]>> maps) {
        Map<String, long[]> total = null;
        for (Map<String, long[]> m : maps) {
            if (total == null || m.size() > total.size()) {
                if (total != null) {
                    addAll(m, total);
                }
                total = m;
            } else {
                addAll(total, m);
            }
        }
        return total == null ? Map.of() : total;
    }

    private static void addAll(Map<String, long[]> into, Map<String, long[]> from) {
        from.forEach((w, c) -> into.computeIfAbsent(w, k -> new long[1])[0] += c[0]);
    }

    private static Counts sorted(Map<String, long[]> counts, long bytes, long lines) {
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((x, y) -> x.getValue()[0] != y.getValue()[0]
                ? Long.compare(y.getValue()[0], x.getValue()[0])
                : x.getKey().compareTo(y.getKey()));
        String[] words = new String[entries.size()];
        long[] c = new long[entries.size()];
        for (int i = 0; i < words.length; i++) {
            words[i] = entries.get(i).getKey();
            c[i] = entries.get(i).getValue()[0];
        }
        return new Counts(words, c, bytes, lines);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new TokenizerException(p + ": cannot read: " + e.getMessage(), e);
        }
    }
}
