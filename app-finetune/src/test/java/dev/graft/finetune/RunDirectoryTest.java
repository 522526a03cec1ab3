package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A fresh run refuses an output directory that holds another run, unless it resumes or overwrites it. */
class RunDirectoryTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);

    /** An earlier run's outputs plus a file of the user's own. */
    private Path earlierRun() throws Exception {
        Path out = tmp.resolve("run");
        Files.createDirectories(out.resolve("best"));
        Files.createDirectories(out.resolve("checkpoints"));
        Files.writeString(out.resolve("run.json"), "{\"method\":\"lora\"}");
        Files.writeString(out.resolve("notes.txt"), "mine");
        return out;
    }

    @Test
    void aNewOrEmptyDirectoryIsTaken() throws Exception {
        RunDirectory.claim(tmp.resolve("new"), false, false, log);
        Files.createDirectories(tmp.resolve("empty"));
        RunDirectory.claim(tmp.resolve("empty"), false, false, log);
        RunDirectory.claim(tmp.resolve("new"), true, false, log); // --resume with nothing to resume starts afresh
        assertThat(logged.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anotherRunsOutputsAreRefusedNamingThemAndTheWayOut() throws Exception {
        Path out = earlierRun();
        assertThatThrownBy(() -> RunDirectory.claim(out, false, false, log))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--out " + out + " already holds another run's outputs (run.json, checkpoints/, best/); pass"
                        + " --overwrite to replace them, --resume to continue that run, or name another --out");
        assertThat(out.resolve("run.json")).exists();
    }

    @Test
    void resumeContinuesARunWithACheckpointButNotOneWithout() throws Exception {
        Path out = earlierRun();
        assertThatThrownBy(() -> RunDirectory.claim(out, true, false, log))
                .hasMessageContaining("already holds another run's outputs (run.json, checkpoints/, best/) but no checkpoint"
                        + " to resume from; pass --overwrite to replace them, or name another --out");
        Files.createDirectories(out.resolve("checkpoints/step-10"));
        RunDirectory.claim(out, true, false, log);
        assertThat(out.resolve("best")).exists();
    }

    @Test
    void overwriteRemovesTheEarlierRunsOutputsOnly() throws Exception {
        Path out = earlierRun();
        RunDirectory.claim(out, false, true, log);
        assertThat(out.resolve("run.json")).doesNotExist();
        assertThat(out.resolve("best")).doesNotExist();
        assertThat(out.resolve("checkpoints")).doesNotExist();
        assertThat(out.resolve("notes.txt")).hasContent("mine");
        assertThat(logged.toString(StandardCharsets.UTF_8))
                .isEqualTo("overwrite: removed the earlier run's run.json, checkpoints/, best/ from " + out + "\n");
    }

    @Test
    void aFileIsNoOutputDirectory() throws Exception {
        Path file = Files.writeString(tmp.resolve("out.txt"), "x");
        assertThatThrownBy(() -> RunDirectory.claim(file, false, true, log))
                .hasMessage("--out " + file + " is a file; name a directory (it is created if missing)");
    }

    /** --overwrite with a bad option used to remove the earlier run, then fail on the option. */
    @Test
    void overwriteRemovesNothingWhenAnOptionIsRefused() throws Exception {
        assertBothRefuseLeavingTheEarlierRun(List.of("--overwrite", "--epochs", "0"), "epochs must be >= 1, got 0");
    }

    /** The commands check before they load anything, so the earlier run is untouched. */
    @Test
    void finetuneAndPretrainRefuseBeforeWriting() throws Exception {
        assertBothRefuseLeavingTheEarlierRun(List.of(), "already holds another run's outputs");
    }

    /** finetune and pretrain, each with {@code extra} options, refuse with {@code message} and leave run.json as it was. */
    private void assertBothRefuseLeavingTheEarlierRun(List<String> extra, String message) throws Exception {
        Path out = earlierRun();
        for (Object command : List.of(new FinetuneCommand(), new PretrainCommand())) {
            List<String> args = new java.util.ArrayList<>(command instanceof FinetuneCommand
                    ? List.of("--model", tmp.resolve("no-model").toString(), "--method", "lora", "--train", "t.jsonl", "--dev",
                            "d.jsonl", "--out", out.toString())
                    : List.of("--tokenizer", tmp.resolve("no-tokenizer").toString(), "--train", "t.jsonl", "--out",
                            out.toString()));
            args.addAll(extra);
            new CommandLine(command).parseArgs(args.toArray(String[]::new));
            java.util.concurrent.Callable<?> call = (java.util.concurrent.Callable<?>) command;
            assertThatThrownBy(call::call).hasMessageContaining(message);
            assertThat(out.resolve("run.json")).hasContent("{\"method\":\"lora\"}");
        }
    }
}
