package dev.graft.finetune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.graft.core.bench.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The optimizer step {@code graft bench} times in its training modes: backward under DJL's gradient
 * collector, our {@link AdamW} (no clipping, as the anchor does not clip), gradients zeroed, as
 * {@link Trainer} steps. Registered for core through {@code META-INF/services}.
 */
public final class AdamWStep implements TrainingStep {
    private final List<TrainableParameter> params;
    private final AdamW optimizer;
    private final double lr;

    AdamWStep(Map<String, Parameter> trainable, double lr, double weightDecay) {
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException("no parameter requires a gradient: nothing to train");
        }
        List<TrainableParameter> list = new ArrayList<>();
        // Decay on every parameter: torch.optim.AdamW(params) as the anchor builds it has one group.
        trainable.forEach((path, p) -> list.add(new TrainableParameter(path, p, true)));
        this.params = List.copyOf(list);
        this.optimizer = AdamW.withDecay(weightDecay);
        this.lr = lr;
    }

    @Override
    public float run(Supplier<NDArray> loss) {
        float value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.get();
            value = l.getFloat();
            collector.backward(l);
        }
        optimizer.step(params, lr, 1.0);
        for (TrainableParameter p : params) {
            try (NDArray g = p.array().getGradient()) {
                g.set(new NDIndex("..."), 0f);
            }
        }
        return value;
    }

    /** Found by core's {@link TrainingStep#factory()}. */
    public static final class Factory implements TrainingStep.Factory {
        @Override
        public String name() {
            return "adamw (app-finetune)";
        }

        @Override
        public TrainingStep create(Map<String, Parameter> trainable, double lr, double weightDecay) {
            return new AdamWStep(trainable, lr, weightDecay);
        }
    }
}
