package dev.graft.core.generate;

import ai.djl.Device;
import dev.graft.core.config.ModelConfig;
import dev.graft.core.config.ModelConfigs;
import dev.graft.core.model.gpt2.Gpt2Config;
import dev.graft.core.model.gpt2.Gpt2Decoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.model.t5.PretrainedT5;
import dev.graft.core.model.t5.T5Config;
import dev.graft.core.model.t5.T5Decoder;
import java.nio.file.Path;

/** Opens a model directory for generation, whichever generative family it holds. */
public final class Decoders {
    private Decoders() {}

    /** A decoder and the model it owns; closing it frees the model. */
    public record Opened(Decoder decoder, ModelConfig config, AutoCloseable model) implements AutoCloseable {
        @Override
        public void close() {
            try {
                model.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot release the model", e);
            }
        }
    }

    public static Opened open(Path dir, Device device, boolean allowUnexpected) {
        ModelConfig config = ModelConfigs.read(dir);
        if (config instanceof Gpt2Config) {
            PretrainedGpt2 gpt2 = PretrainedGpt2.load(dir, device, allowUnexpected);
            return new Opened(new Gpt2Decoder(gpt2), config, gpt2);
        }
        if (config instanceof T5Config) {
            PretrainedT5 t5 = PretrainedT5.load(dir, device, allowUnexpected);
            return new Opened(new T5Decoder(t5), config, t5);
        }
        throw new IllegalArgumentException(dir + ": model_type " + config.modelType()
                + " does not generate text; generation supports gpt2 and t5");
    }
}
