package dev.graft.core.bench;

import dev.graft.core.engine.DeviceChoice;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One benchmark run on a randomly initialised model of the given shape.
 *
 * @param arch bert or gpt2
 * @param mode infer (batched forward passes) or generate (gpt2: incremental decoding with and without the cache)
 * @param steps timed iterations after two warm-up ones
 * @param newTokens tokens generated per run in generate mode
 * @param anchorScript the torch speed anchor (torch_anchor.py) to run on the same shape for a ratio, or null
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
        DeviceChoice device,
        Path anchorScript) {

    public BenchRequest {
        arch = arch.toLowerCase(Locale.ROOT);
        mode = mode.toLowerCase(Locale.ROOT);
        if (!arch.equals("bert") && !arch.equals("gpt2")) {
            throw new IllegalArgumentException("--arch must be bert or gpt2, got " + arch);
        }
        if (!mode.equals("infer") && !mode.equals("generate")) {
            throw new IllegalArgumentException("--mode must be infer or generate, got " + mode);
        }
        if (mode.equals("generate") && !arch.equals("gpt2")) {
            throw new IllegalArgumentException("--mode generate needs --arch gpt2 (BERT does not generate)");
        }
        for (int v : new int[] {layers, hidden, heads, intermediate, seqLength, batch, steps, newTokens}) {
            if (v <= 0) {
                throw new IllegalArgumentException("shape, batch, steps and token counts must be positive: " + v);
            }
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("--hidden " + hidden + " is not divisible by --heads " + heads);
        }
    }
}
