package dev.graft.core.bench;

import dev.graft.core.engine.DeviceChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One benchmark run on a randomly initialised model of the given shape.
 *
 * @param arch bert or gpt2
 * @param mode infer (batched forward passes), generate (gpt2: incremental decoding with and without the
 *     cache), or a training mode: full, head (bert), lora (see {@link TrainingBench})
 * @param steps timed iterations after two warm-up ones
 * @param newTokens tokens generated per run in generate mode
 * @param threads libtorch's intra-op threads (the anchor gets the same)
 * @param reportRssEvery training modes: the resident set size after every this many timed steps (0: off)
 * @param anchorScript the torch speed anchor (torch_anchor.py) to run on the same shape for a ratio, or null
 * @param profile training modes: where to write libtorch's profiler trace (Chrome trace JSON) of two
 *     extra steps after the timed ones, or null
 */
public record BenchRequest(
        String arch,
        String mode,
        int layers,
        int hidden,
        int heads,
        int intermediate,
        int seqLength,
        int batch,
        int steps,
        int newTokens,
        int threads,
        int reportRssEvery,
        DeviceChoice device,
        Path anchorScript,
        Path profile) {

    /** The modes, in the order --help lists them. */
    public static final List<String> MODES = List.of("infer", "generate", "full", "head", "lora");

    public BenchRequest {
        arch = arch.toLowerCase(Locale.ROOT);
        mode = mode.toLowerCase(Locale.ROOT);
        if (!arch.equals("bert") && !arch.equals("gpt2")) {
            throw new IllegalArgumentException("--arch must be bert or gpt2, got " + arch);
        }
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("unknown --mode '" + mode + "'; use one of " + String.join(", ", MODES));
        }
        if (mode.equals("generate") && !arch.equals("gpt2")) {
            throw new IllegalArgumentException("--mode generate needs --arch gpt2 (BERT does not generate)");
        }
        if (mode.equals("head") && !arch.equals("bert")) {
            throw new IllegalArgumentException("--mode head needs --arch bert (GPT-2 has no classifier; its LM head is"
                    + " the word embedding)");
        }
        if (reportRssEvery < 0 || (reportRssEvery > 0 && !isTraining(mode))) {
            throw new IllegalArgumentException("--report-rss-every must be >= 0 and is for the training modes (full,"
                    + " head, lora), got " + reportRssEvery + " with --mode " + mode);
        }
        if (profile != null && !isTraining(mode)) {
            throw new IllegalArgumentException("--profile is for the training modes (full, head, lora), not " + mode);
        }
        if (profile != null) {
            // libtorch's own refusal ("Could not open file") names neither the option nor the path.
            Path parent = profile.toAbsolutePath().getParent();
            if (Files.isDirectory(profile)) {
                throw new IllegalArgumentException("--profile " + profile + ": is a directory (expected the trace file to"
                        + " write, e.g. " + profile.resolve("trace.json") + ")");
            }
            if (parent != null && !Files.isDirectory(parent)) {
                throw new IllegalArgumentException("--profile " + profile + ": its folder " + parent + " does not exist");
            }
        }
        for (int v : new int[] {layers, hidden, heads, intermediate, seqLength, batch, steps, newTokens, threads}) {
            if (v <= 0) {
                throw new IllegalArgumentException("shape, batch, steps, token and thread counts must be positive: " + v);
            }
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("--hidden " + hidden + " is not divisible by --heads " + heads);
        }
    }

    /** Whether {@code mode} trains (full, head, lora). */
    public static boolean isTraining(String mode) {
        return mode.equals("full") || mode.equals("head") || mode.equals("lora");
    }

    public boolean training() {
        return isTraining(mode);
    }
}
