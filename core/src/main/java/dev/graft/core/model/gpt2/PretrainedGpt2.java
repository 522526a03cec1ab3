package dev.graft.core.model.gpt2;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.graft.core.checkpoint.HfDirectory;
import dev.graft.core.model.PretrainedModel;
import dev.graft.core.model.decoding.CausalLmOutput;
import java.nio.file.Path;

/** A GPT-2 model with its config and weights, loaded from or saved to a Hugging Face directory. */
public final class PretrainedGpt2 extends PretrainedModel<Gpt2Config, Gpt2Model> {
    private PretrainedGpt2(Gpt2Config config, Device device) {
        super(config, new Gpt2Model(config), device);
    }

    /** Loads bare ({@code wte.weight}) and prefixed ({@code transformer.wte.weight}) checkpoints alike. */
    public static PretrainedGpt2 load(Path dir, Device device, boolean allowUnexpected) {
        PretrainedGpt2 gpt2 = new PretrainedGpt2(readConfig(dir, Gpt2Config.class, "gpt2"), device);
        gpt2.fillFrom(dir, Gpt2Weights.names(), allowUnexpected);
        return gpt2;
    }

    /** A freshly initialised model (seed through the engine). */
    public static PretrainedGpt2 create(Gpt2Config config, Device device) {
        return new PretrainedGpt2(config, device);
    }

    /** Inference over whole sequences (no cache); outputs belong to the manager of {@code ids}. */
    public CausalLmOutput forward(NDArray ids, NDArray attentionMask) {
        return model().apply(new ParameterStore(manager(), false), ids, attentionMask, null, null, false);
    }

    /** Saves as GPT2LMHeadModel does: {@code transformer.} keys, the tied head once. */
    public void save(Path dir) {
        HfDirectory.save(model(), Gpt2Weights.names(), true, config().json().tree(), dir);
    }
}
