package dev.graft.core.peft;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.graft.core.nn.ParameterPaths;
import java.util.Locale;

/**
 * How much of a model trains: parameters (elements, not tensors) that require gradients, out of all,
 * adapters included, as PEFT's {@code print_trainable_parameters} counts them.
 */
public record TrainableParameters(long trainable, long total) {

    public static TrainableParameters of(Block model) {
        long trainable = 0;
        long total = 0;
        for (Parameter p : ParameterPaths.of(model).values()) {
            long size = p.getShape().size();
            total += size;
            if (p.requiresGradient()) {
                trainable += size;
            }
        }
        return new TrainableParameters(trainable, total);
    }

    /** 100 · trainable / total. */
    public double percent() {
        return total == 0 ? 0 : 100.0 * trainable / total;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "trainable params: %,d || all params: %,d || trainable%%: %.4f", trainable, total,
                percent());
    }
}
