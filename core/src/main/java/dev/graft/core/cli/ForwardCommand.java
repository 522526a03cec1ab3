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
            "Run a Hugging Face checkpoint (bert, roberta, distilbert) on stored inputs and write its outputs.",
            "",
            "IN holds input_ids (I64 or I32, batch x seq_len) and optionally attention_mask (1 = token, 0 = padding) and token_type_ids.",
            "",
            "OUT receives last_hidden_state, embedding_output, and pooler_output and/or logits where the model has them, to compare with your own Python outputs."
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

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        ForwardResult r = ForwardJob.run(new ForwardRequest(model, inputs, output, common.device, allowUnexpected));
        StringBuilder sb = new StringBuilder();
        r.shapes().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(Arrays.toString(v)));
        System.out.printf("%s: wrote %s to %s in %.3f s%n", r.modelType(), sb, output, r.seconds());
        return 0;
    }
}
