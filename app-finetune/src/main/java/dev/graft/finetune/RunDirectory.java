package dev.graft.finetune;

import dev.graft.core.io.FileTrees;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Who owns an output directory. A fresh run into a directory that holds another run's outputs would
 * mix the two: a failure would leave the old {@code best/} and {@code run.json} looking like this run's,
 * and a later {@code --resume} could pick up the old run's checkpoints. So such a run is refused unless
 * it continues the old one ({@code --resume}) or replaces it ({@code --overwrite}).
 */
final class RunDirectory {
    /** Everything {@code finetune} and {@code pretrain} write directly under {@code --out}. */
    static final List<String> OUTPUTS = List.of("run.json", "metrics.jsonl", "training.png", "checkpoints", "best", "base",
            "merged", "model");

    private RunDirectory() {}

    /**
     * Checks {@code out} before a run writes anything, and with {@code overwrite} removes the earlier run's
     * outputs (only those: other files stay).
     */
    static void claim(Path out, boolean resume, boolean overwrite, PrintStream log) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file; name a directory (it is created if missing)");
        }
        List<String> earlier = OUTPUTS.stream().filter(name -> Files.exists(out.resolve(name))).toList();
        if (earlier.isEmpty() || resume && hasCheckpoint(out)) {
            return; // a new directory, or the run --resume continues
        }
        String listing = String.join(", ", earlier.stream().map(n -> Files.isDirectory(out.resolve(n)) ? n + "/" : n).toList());
        if (!overwrite) {
            throw new IllegalArgumentException("--out " + out + " already holds another run's outputs (" + listing + ")"
                    + (resume ? " but no checkpoint to resume from" : "")
                    + "; pass --overwrite to replace them" + (resume ? "" : ", --resume to continue that run")
                    + ", or name another --out");
        }
        earlier.forEach(name -> FileTrees.delete(out.resolve(name)));
        log.println("overwrite: removed the earlier run's " + listing + " from " + out);
    }

    private static boolean hasCheckpoint(Path out) {
        Path dir = out.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.anyMatch(p -> p.getFileName().toString().matches("step-\\d+"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
