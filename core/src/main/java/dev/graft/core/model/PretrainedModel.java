package dev.graft.core.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.graft.core.checkpoint.HfDirectory;
import dev.graft.core.checkpoint.WeightNames;
import dev.graft.core.config.ModelConfig;
import dev.graft.core.config.ModelConfigs;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.nn.GraftBlock;
import java.nio.file.Path;

/**
 * A model block with its config and the manager that owns its parameters; the family classes add
 * their own forward methods. Construction initialises the parameters (randomly, seeded through the
 * engine); {@link #fillFrom} then overwrites them from a checkpoint.
 */
public abstract class PretrainedModel<C extends ModelConfig, M extends GraftBlock> implements AutoCloseable {
    private final C config;
    private final M model;
    private final NDManager manager;

    protected PretrainedModel(C config, M model, Device device) {
        this.config = config;
        this.model = model;
        this.manager = GraftEngine.engine().newBaseManager(device);
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
    }

    /** The config of {@code dir}, which must be of the family {@code type} loads. */
    protected static <C extends ModelConfig> C readConfig(Path dir, Class<C> type, String family) {
        ModelConfig read = ModelConfigs.read(dir);
        if (!type.isInstance(read)) {
            throw new IllegalArgumentException(dir + ": model_type is " + read.modelType() + ", not " + family);
        }
        return type.cast(read);
    }

    /** Loads the checkpoint in {@code dir} into this model; frees the model if that fails. */
    protected final void fillFrom(Path dir, WeightNames names, boolean allowUnexpected) {
        try {
            HfDirectory.load(model, dir, names, manager, allowUnexpected);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public C config() {
        return config;
    }

    public M model() {
        return model;
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
