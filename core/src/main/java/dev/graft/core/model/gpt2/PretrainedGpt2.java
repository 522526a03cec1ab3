package dev.graft.core.model.gpt2;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.core.checkpoint.HfDirectory;
import dev.graft.core.config.ModelConfig;
import dev.graft.core.config.ModelConfigs;
import dev.graft.core.engine.GraftEngine;
import dev.graft.core.model.decoding.CausalLmOutput;
import java.nio.file.Path;

/** A GPT-2 model with its config and weights, loaded from or saved to a Hugging Face directory. */
public final class PretrainedGpt2 implements AutoCloseable {
    private final Gpt2Config config;
    private final Gpt2Model model;
    private final NDManager manager;

    private PretrainedGpt2(Gpt2Config config, Gpt2Model model, NDManager manager) {
        this.config = config;
        this.model = model;
        this.manager = manager;
    }

    /** Loads bare ({@code wte.weight}) and prefixed ({@code transformer.wte.weight}) checkpoints alike. */
    public static PretrainedGpt2 load(Path dir, Device device, boolean allowUnexpected) {
        ModelConfig read = ModelConfigs.read(dir);
        if (!(read instanceof Gpt2Config)) {
            throw new IllegalArgumentException(dir + ": model_type is " + read.modelType() + ", not gpt2");
        }
        PretrainedGpt2 gpt2 = create((Gpt2Config) read, device);
        try {
            HfDirectory.load(gpt2.model, dir, Gpt2Weights.names(), gpt2.manager, allowUnexpected);
        } catch (RuntimeException e) {
            gpt2.close();
            throw e;
        }
        return gpt2;
    }

    /** A freshly initialised model (seed through the engine). */
    public static PretrainedGpt2 create(Gpt2Config config, Device device) {
        Gpt2Model model = new Gpt2Model(config);
        NDManager manager = GraftEngine.engine().newBaseManager(device);
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
        return new PretrainedGpt2(config, model, manager);
    }

    public Gpt2Config config() {
        return config;
    }

    public Gpt2Model model() {
        return model;
    }

    public NDManager manager() {
        return manager;
    }

    /** Inference over whole sequences (no cache); outputs belong to the manager of {@code ids}. */
    public CausalLmOutput forward(NDArray ids, NDArray attentionMask) {
        return model.apply(new ParameterStore(manager, false), ids, attentionMask, null, null, false);
    }

    /** Saves as GPT2LMHeadModel does: {@code transformer.} keys, the tied head once. */
    public void save(Path dir) {
        HfDirectory.save(model, Gpt2Weights.names(), true, config.json().tree(), dir);
    }

    @Override
    public void close() {
        manager.close();
    }
}
