package dev.graft.core.model.t5;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.graft.core.checkpoint.HfDirectory;
import dev.graft.core.config.ModelConfig;
import dev.graft.core.config.ModelConfigs;
import dev.graft.core.engine.GraftEngine;
import java.nio.file.Path;

/** A T5 model with its config and weights, loaded from or saved to a Hugging Face directory. */
public final class PretrainedT5 implements AutoCloseable {
    private final T5Config config;
    private final T5Model model;
    private final NDManager manager;

    private PretrainedT5(T5Config config, T5Model model, NDManager manager) {
        this.config = config;
        this.model = model;
        this.manager = manager;
    }

    public static PretrainedT5 load(Path dir, Device device, boolean allowUnexpected) {
        ModelConfig read = ModelConfigs.read(dir);
        if (!(read instanceof T5Config)) {
            throw new IllegalArgumentException(dir + ": model_type is " + read.modelType() + ", not t5");
        }
        PretrainedT5 t5 = create((T5Config) read, device);
        try {
            HfDirectory.load(t5.model, dir, T5Weights.names(t5.config), t5.manager, allowUnexpected);
        } catch (RuntimeException e) {
            t5.close();
            throw e;
        }
        return t5;
    }

    public static PretrainedT5 create(T5Config config, Device device) {
        T5Model model = new T5Model(config);
        NDManager manager = GraftEngine.engine().newBaseManager(device);
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
        return new PretrainedT5(config, model, manager);
    }

    public T5Config config() {
        return config;
    }

    public T5Model model() {
        return model;
    }

    public NDManager manager() {
        return manager;
    }

    public void save(Path dir) {
        HfDirectory.save(model, T5Weights.names(config), false, config.json().tree(), dir);
    }

    @Override
    public void close() {
        manager.close();
    }
}
