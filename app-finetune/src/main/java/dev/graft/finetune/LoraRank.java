package dev.graft.finetune;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --lora-rank} against the matrices it adapts. {@code B·A} of an (out × in) matrix has rank at most
 * min(out, in), so a larger r adds parameters ({@code r·(out + in)}, already more than the matrix's own)
 * and nothing the update can express. PEFT accepts it silently; a run says so and goes on.
 */
final class LoraRank {
    private LoraRank() {}

    /** @param params the model's parameters by path, after the adapter was attached */
    static void note(Map<String, Parameter> params, PrintStream log) {
        List<String> over = new ArrayList<>();
        long rank = 0;
        int targets = 0;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String path = e.getKey();
            String up = path.contains(".lora_A.") ? path.replace(".lora_A.", ".lora_B.")
                    : path.contains(".lora_embedding_A.") ? path.replace(".lora_embedding_A.", ".lora_embedding_B.") : null;
            if (up == null || !params.containsKey(up)) {
                continue;
            }
            targets++;
            Shape a = e.getValue().getArray().getShape(); // (r, in)
            Shape b = params.get(up).getArray().getShape(); // (out, r)
            rank = a.get(0);
            long width = Math.min(a.get(1), b.get(0));
            if (rank >= width) {
                over.add(path.substring(0, path.indexOf(".lora_")) + " (" + b.get(0) + " x " + a.get(1) + ")");
            }
        }
        if (!over.isEmpty()) {
            log.println("note: --lora-rank " + rank + " is at least the smaller side of " + over.size() + " of the " + targets
                    + " adapted matrices, e.g. " + over.get(0) + ": an update B·A there can have rank "
                    + "min(out, in) at most, so the extra rank adds parameters and nothing the update can express,"
                    + " and r·(out + in) is already more than training those matrices outright; lower --lora-rank");
        }
    }
}
