package dev.graft.core.tokenize.bench;

import dev.graft.core.tokenize.train.Progress;
import dev.graft.core.tokenize.train.TokenizerTrainer;
import dev.graft.core.tokenize.train.TrainRequest;
import dev.graft.core.tokenize.train.TrainerType;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code graft tokenizer bench}: times our BPE and WordPiece trainers against SentencePiece's BPE
 * trainer ({@code spm_train}, Kudo and Richardson 2018) on one generated corpus, in one run, so the
 * ratio compares like with like: same text, same vocabulary size, same machine and threads.
 *
 * <p>Each time is one cold run of a whole job, reading the corpus to writing the model, because that
 * is what a user waits for; our WordPiece run follows our BPE run in the same JVM and so starts with
 * a warmer JIT.
 */
public final class TrainerBench {
    private static final String SPM = "spm_train";

    private TrainerBench() {}

    public static BenchResult run(BenchRequest request, Progress progress) {
        boolean temporary = request.workDir() == null;
        Path dir;
        try {
            dir = temporary ? Files.createTempDirectory("graft-tokenizer-bench") : Files.createDirectories(request.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the benchmark directory: " + e.getMessage(), e);
        }
        try {
            Path corpus = dir.resolve("corpus.txt");
            progress.report("writing corpus MB", 0, Math.round(request.megabytes()));
            long bytes = new SyntheticCorpus(50_000, request.seed()).write(corpus, Math.round(request.megabytes() * (1 << 20)), request.seed() + 1);
            double bpe = train(TrainerType.BPE, corpus, dir, request);
            double wordPiece = train(TrainerType.WORDPIECE, corpus, dir, request);
            Path spm = findOnPath(SPM);
            double spmSeconds = Double.NaN;
            String spmNote;
            if (spm == null) {
                spmNote = SPM + " not found on PATH (Debian: apt-get install sentencepiece)";
            } else {
                progress.report("spm_train", 0, 1);
                SpmRun run = runSpm(spm, corpus, dir, request);
                spmSeconds = run.seconds();
                spmNote = run.note();
            }
            return new BenchResult(bytes / (double) (1 << 20), request.vocabSize(), bpe, wordPiece, spmSeconds,
                    bpe / spmSeconds, request.threads(), spmNote);
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
        }
    }

    private static double train(TrainerType type, Path corpus, Path dir, BenchRequest request) {
        TrainRequest r = new TrainRequest(type, request.vocabSize(), List.of(corpus), dir.resolve(type.cliName()),
                false, false, 2, type.defaultMaxLength(), request.threads());
        return TokenizerTrainer.run(r, Progress.NONE).seconds();
    }

    private record SpmRun(double seconds, String note) {}

    private static SpmRun runSpm(Path spm, Path corpus, Path dir, BenchRequest request) {
        Path log = dir.resolve("spm_train.log");
        ProcessBuilder pb = new ProcessBuilder(spm.toString(), "--model_type=bpe", "--vocab_size=" + request.vocabSize(),
                "--input=" + corpus, "--model_prefix=" + dir.resolve("spm"), "--num_threads=" + request.threads())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        long start = System.nanoTime();
        try {
            int exit = pb.start().waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (exit != 0) {
                return new SpmRun(Double.NaN, spm + " failed with exit " + exit + ": " + lastLine(log));
            }
            return new SpmRun(seconds, spm.toString());
        } catch (IOException e) {
            return new SpmRun(Double.NaN, spm + " could not start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SpmRun(Double.NaN, spm + " interrupted");
        }
    }

    /** The executable {@code name} in a directory of {@code PATH}, or null. */
    static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is not worth failing a finished benchmark over.
        }
    }
}
