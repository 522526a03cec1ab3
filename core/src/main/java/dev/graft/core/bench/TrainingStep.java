package dev.graft.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * One optimizer step, as {@code graft bench --mode full|head|lora} times it: the loss under a gradient
 * collector, its backward pass, an update of every trainable parameter, gradients cleared.
 *
 * <p>Core builds the models and the losses but holds no optimizer; app-finetune's AdamW does the
 * update. A {@link Factory} is therefore found through {@link ServiceLoader} (app-finetune registers
 * one in {@code META-INF/services}), so core never depends on app-finetune and the bench times the very
 * optimizer that {@code graft finetune} runs.
 */
public interface TrainingStep {

    /**
     * Runs one step.
     *
     * @param loss computes the scalar loss (called once, inside the gradient collector)
     */
    Outcome run(Supplier<NDArray> loss);

    /**
     * The loss before the update and where the step's time went (nanoseconds): the forward pass up to
     * the loss's value, the backward pass, the optimizer's update, clearing the gradients.
     */
    record Outcome(float loss, long forwardNanos, long backwardNanos, long updateNanos, long zeroNanos) {}

    /** Makes the step for one model's trainable parameters. */
    interface Factory {
        /** What does the update, for the JSON ({@code "adamw (app-finetune)"}). */
        String name();

        /**
         * @param trainable the parameters to update, by path; the others stay frozen
         * @param lr a constant learning rate
         * @param weightDecay decoupled weight decay, applied to every parameter in {@code trainable}
         */
        TrainingStep create(Map<String, Parameter> trainable, double lr, double weightDecay);
    }

    /** The registered factory; an error naming the missing module when there is none. */
    static Factory factory() {
        return ServiceLoader.load(Factory.class).findFirst().orElseThrow(() -> new IllegalStateException(
                "the training modes of graft bench need app-finetune on the class path (it provides the optimizer"
                        + " through META-INF/services/" + Factory.class.getName() + "); run them through bin/graft"));
    }
}
