package dev.graft.core.cli;

import dev.graft.core.forward.ForwardJob;
import dev.graft.core.forward.ForwardRequest;
import dev.graft.core.forward.ForwardResult;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code graft forward}: run an imported checkpoint on stored inputs. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = {
            "Run a Hugging Face checkpoint (bert, roberta, distilbert, gpt2, t5) on stored inputs and write its outputs.",
            "",
            "IN holds input_ids (I64 or I32, batch x seq_len) and optionally attention_mask (1 = token, 0 = padding) and token_type_ids; t5 also needs decoder_input_ids.",
            "",
            "OUT receives what the model has of last_hidden_state, embedding_output, pooler_output and logits (t5: encoder_last_hidden_state and logits), to compare with your own Python outputs."
        })
public final class ForwardCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model directory: config.json and model.safetensors (or a sharded index).")
    Path model;

    @Option(names = "--inputs", required = true, paramLabel = "IN.safetensors", description = "Inputs to run.")
    Path inputs;

    @Option(names = "--output", required = true, paramLabel = "OUT.safetensors", description = "Where to write outputs.")
    Path output;

    @Option(names = "--allow-unexpected",
            description = "Load even when the checkpoint has tensors the model does not use (they are named in a warning).")
    boolean allowUnexpected;

    @Option(names = "--reference", paramLabel = "REF.safetensors",
            description = "Expected outputs (e.g. from Hugging Face in Python) under the same names: print the max abs difference of each, over unpadded positions, and exit 3 if any exceeds --tolerance.")
    Path reference;

    @Option(names = "--tolerance", defaultValue = "1e-4", paramLabel = "X",
            description = "Largest difference accepted with --reference. Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Mixin
    CommonOptions common;

    /** Exit code when outputs differ from the reference by more than the tolerance. */
    public static final int MISMATCH = 3;

    @Override
    public Integer call() {
        ForwardResult r = ForwardJob.run(
                new ForwardRequest(model, inputs, output, common.device, allowUnexpected, reference, tolerance));
        StringBuilder sb = new StringBuilder();
        r.shapes().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(Arrays.toString(v)));
        System.out.printf("%s: wrote %s to %s in %.3f s%n", r.modelType(), sb, output, r.seconds());
        r.maxAbsDiff().forEach((k, d) -> System.out.printf("  %-18s max abs diff %.3e  %s%n", k, d,
                d <= r.tolerance() ? "ok" : "EXCEEDS " + r.tolerance()));
        if (!r.withinTolerance()) {
            System.err.println("graft forward: outputs differ from " + reference + " by more than " + tolerance);
            return MISMATCH;
        }
        return 0;
    }
}
