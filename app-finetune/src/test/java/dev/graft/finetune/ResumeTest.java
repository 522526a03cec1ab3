package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Determinism and resume: same seed and data give bit-identical weights; a run killed with SIGKILL at
 * several points and resumed ends with the weights of an uninterrupted run; a damaged newest
 * checkpoint falls back to the previous one with a warning.
 *
 * <p>One epoch of 960 pairs at batch 16 (60 steps), dropout 0.1 (so reseeding per step matters),
 * checkpoints every 4 steps, evaluation every 20.
 */
class ResumeTest {
    @TempDir
    static Path tmp;
    static String uninterrupted;

    static FinetuneConfig config(Path out) {
        FinetuneConfig tiny = TinyNli.config("full", out);
        return FinetuneConfig.of(tiny.model(), "full", TinyNli.small().resolve("train.jsonl"),
                        TinyNli.small().resolve("dev.jsonl"), out)
                .withTokenizer(tiny.tokenizer(), tiny.maxLength()).withTraining(1, 1e-3, 16, 5)
                .withOptimizer(10, 0.01, 1.0, 1).withIntervals(20, 4, 2, 0).withFlags(false, true, false);
    }

    @BeforeAll
    static void uninterruptedRun() {
        // every checkpoint kept, so a failed resume can be traced to the first checkpoint that differs
        FinetuneResult r = FinetuneJob.run(config(tmp.resolve("a")).withIntervals(20, 4, 100, 0),
                new PrintStream(new ByteArrayOutputStream()));
        assertThat(r.steps()).isEqualTo(60);
        uninterrupted = TestFiles.finalWeights(tmp.resolve("a"));
    }

    @Test
    void sameSeedSameWeightsBitForBit() {
        FinetuneJob.run(config(tmp.resolve("b")), new PrintStream(new ByteArrayOutputStream()));
        assertThat(TestFiles.finalWeights(tmp.resolve("b"))).isEqualTo(uninterrupted);

        FinetuneConfig other = config(tmp.resolve("c")).withTraining(1, 1e-3, 16, 6);
        FinetuneJob.run(other, new PrintStream(new ByteArrayOutputStream()));
        assertThat(TestFiles.finalWeights(tmp.resolve("c"))).as("another seed").isNotEqualTo(uninterrupted);
    }

    /** The same checkpoint (step 8) resumed in this JVM, after other runs, and in a fresh one. */
    @Test
    void earlyCheckpointResumesInProcessAndInAChildJvm() throws Exception {
        Path all = tmp.resolve("all");
        FinetuneJob.run(config(all).withIntervals(20, 4, 100, 0), new PrintStream(new ByteArrayOutputStream()));
        Path inproc = tmp.resolve("inproc");
        Path out = tmp.resolve("child");
        for (Path d : List.of(inproc, out)) {
            Files.createDirectories(d.resolve("checkpoints/step-00000008"));
            for (String f : List.of("weights.safetensors", "optimizer.safetensors", "state.json")) {
                Files.copy(all.resolve("checkpoints/step-00000008").resolve(f), d.resolve("checkpoints/step-00000008").resolve(f));
            }
        }
        FinetuneJob.run(config(inproc).withFlags(true, true, false), new PrintStream(new ByteArrayOutputStream()));
        assertThat(TestFiles.finalWeights(inproc)).as("resumed in this JVM").isEqualTo(uninterrupted);
        Process p = start(out, tmp.resolve("child0.log"));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(TestFiles.finalWeights(out)).as("resumed in a child JVM; log: %s", read(tmp.resolve("child0.log")))
                .isEqualTo(uninterrupted);
    }

    /** A finished run resumed on other data would read as done and train nothing; it is refused instead. */
    @Test
    void aCheckpointOfOtherTrainingDataIsRefused() throws Exception {
        Path out = tmp.resolve("other-data");
        Path last = tmp.resolve("a/checkpoints/step-00000060");
        Files.createDirectories(out.resolve("checkpoints/step-00000060"));
        for (String f : List.of("weights.safetensors", "optimizer.safetensors", "state.json")) {
            Files.copy(last.resolve(f), out.resolve("checkpoints/step-00000060").resolve(f));
        }
        FinetuneConfig c = config(out);
        FinetuneConfig otherData = FinetuneConfig.of(c.model(), "full", c.dev(), c.dev(), out)
                .withTokenizer(c.tokenizer(), c.maxLength()).withTraining(1, 1e-3, 16, 5).withFlags(true, true, false);
        assertThatThrownBy(() -> FinetuneJob.run(otherData, new PrintStream(new ByteArrayOutputStream())))
                .hasMessage("--resume: " + out.resolve("checkpoints/step-00000060") + " was written with batches_per_epoch 60"
                        + " but this run has 6 (other training data or --batch-size); resume with the run's own settings,"
                        + " or pass --overwrite to start again");
    }

    @Test
    void killedAndResumedEndsWithTheSameWeights() throws Exception {
        Path out = tmp.resolve("killed");
        Path log = tmp.resolve("child.log");
        List<Long> killedAfter = new ArrayList<>();
        // kill once a checkpoint past each of these steps exists, the later ones some milliseconds into a step
        long[][] points = {{8, 0}, {24, 37}, {44, 113}};
        for (long[] point : points) {
            Process p = start(out, log);
            while (latestStep(out) < point[0]) {
                assertThat(p.isAlive()).as("child ended early; log: %s", read(log)).isTrue();
                Thread.sleep(5);
            }
            Thread.sleep(point[1]);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            killedAfter.add(latestStep(out));
        }
        Process last = start(out, log);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as("checkpoints differing from the uninterrupted run's: %s; log: %s",
                differing(out), read(log)).isZero();
        assertThat(read(log)).contains("resume: continuing from");
        System.out.println("killed after checkpoints at steps " + killedAfter);
        assertThat(killedAfter).allMatch(s -> s < 60);
        assertThat(TestFiles.finalWeights(out)).as("checkpoints differing: %s", differing(out)).isEqualTo(uninterrupted);
        assertThat(Files.readAllLines(out.resolve("metrics.jsonl")).stream().filter(l -> l.contains("\"eval\"")))
                .hasSize(3); // steps 20, 40, 60, each once although runs were cut and repeated
    }

    @Test
    void damagedNewestCheckpointFallsBackToThePreviousOne() throws Exception {
        Path out = tmp.resolve("damaged");
        FinetuneJob.run(config(out), new PrintStream(new ByteArrayOutputStream()));
        List<String> names = TestFiles.checkpoints(out);
        Path newest = out.resolve("checkpoints").resolve(names.get(names.size() - 1));
        try (RandomAccessFile f = new RandomAccessFile(newest.resolve(CheckpointStore.WEIGHTS).toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        FinetuneResult r = FinetuneJob.run(config(out).withFlags(true, true, false),
                new PrintStream(warnings, true, StandardCharsets.UTF_8));
        String text = warnings.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("warning: checkpoint " + newest + " is damaged").contains("falling back");
        assertThat(r.resumedFromStep()).isEqualTo(56);
        assertThat(TestFiles.finalWeights(out)).isEqualTo(uninterrupted);
    }

    private static Process start(Path out, Path log) throws IOException {
        FinetuneConfig c = config(out);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-Xmx1g",
                FinetuneCommand.class.getName(),
                "--model", c.model().toString(), "--method", "full", "--train", c.train().toString(),
                "--dev", c.dev().toString(), "--out", out.toString(), "--tokenizer", c.tokenizerDir().toString(),
                "--max-length", "64", "--epochs", "1", "--lr", "1e-3", "--batch-size", "16", "--seed", "5",
                "--warmup", "10", "--eval-every", "20", "--checkpoint-every", "4", "--keep-checkpoints", "2",
                "--resume", "--quiet"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("OPT_OUT_TRACKING", "true");
        return pb.start();
    }

    /** Steps whose checkpoint weights in {@code out} differ from the uninterrupted run's. */
    private static List<String> differing(Path out) throws IOException {
        List<String> diff = new ArrayList<>();
        for (String name : TestFiles.checkpoints(out)) {
            Path ours = out.resolve("checkpoints").resolve(name).resolve(CheckpointStore.WEIGHTS);
            Path theirs = tmp.resolve("a/checkpoints").resolve(name).resolve(CheckpointStore.WEIGHTS);
            if (Files.exists(theirs) && Files.mismatch(ours, theirs) != -1) {
                diff.add(name);
            }
        }
        return diff;
    }

    private static long latestStep(Path out) {
        if (!Files.isDirectory(out.resolve("checkpoints"))) {
            return -1;
        }
        List<String> names = TestFiles.checkpoints(out);
        return names.isEmpty() ? -1 : Long.parseLong(names.get(names.size() - 1).substring("step-".length()));
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
