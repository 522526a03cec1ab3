package dev.graft.finetune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.graft.core.bench.TrainingStep;
import dev.graft.core.nn.ParameterValues;
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
    public Outcome run(Supplier<NDArray> loss) {
        long t0 = System.nanoTime();
        float value;
        long t1;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.get();
            value = l.getFloat();
            t1 = System.nanoTime();
            collector.backward(l);
        }
        long t2 = System.nanoTime();
        optimizer.step(params, lr, 1.0);
        long t3 = System.nanoTime();
        for (TrainableParameter p : params) {
            ParameterValues.zeroGradient(p.array());
        }
        long t4 = System.nanoTime();
        return new Outcome(value, t1 - t0, t2 - t1, t3 - t2, t4 - t3);
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
