package dev.graft.core.model.t5;

import ai.djl.Device;
import dev.graft.core.checkpoint.HfDirectory;
import dev.graft.core.model.PretrainedModel;
import java.nio.file.Path;

/** A T5 model with its config and weights, loaded from or saved to a Hugging Face directory. */
public final class PretrainedT5 extends PretrainedModel<T5Config, T5Model> {
    private PretrainedT5(T5Config config, Device device) {
        super(config, new T5Model(config), device);
    }

    public static PretrainedT5 load(Path dir, Device device, boolean allowUnexpected) {
        PretrainedT5 t5 = new PretrainedT5(readConfig(dir, T5Config.class, "t5"), device);
        t5.fillFrom(dir, T5Weights.names(t5.config()), allowUnexpected);
        return t5;
    }

    /** A freshly initialised model (seed through the engine). */
    public static PretrainedT5 create(T5Config config, Device device) {
        return new PretrainedT5(config, device);
    }

    public void save(Path dir) {
        HfDirectory.save(model(), T5Weights.names(config()), false, config().json().tree(), dir);
    }
}
