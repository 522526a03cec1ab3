package dev.graft.core.peft;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.model.encoder.EncoderOutput;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/** Tiny fixture models and their stored inputs, shared by the PEFT tests. */
final class PeftTesting {
    private PeftTesting() {}

    static PretrainedEncoder bert() {
        return PretrainedEncoder.load(Fixtures.hf("bert-seqcls"), Device.cpu(), false);
    }

    static PretrainedGpt2 gpt2() {
        return PretrainedGpt2.load(Fixtures.hf("gpt2-lm"), Device.cpu(), false);
    }

    /** The fixture's stored (ids, mask[, types]): three rows of 7, 12 and 3 real tokens padded to 12. */
    static NDArray[] inputs(String fixture, NDManager m) {
        try (SafetensorsFile ref = SafetensorsFile.open(Fixtures.hf(fixture).resolve("reference.safetensors"))) {
            NDArray types = ref.names().contains("token_type_ids") ? ref.load("token_type_ids", m) : null;
            return new NDArray[] {ref.load("input_ids", m), ref.load("attention_mask", m), types};
        }
    }

    static EncoderOutput run(PretrainedEncoder model, NDArray[] in) {
        return model.forward(in[0], in[1], in[2]);
    }

    /** Fills a parameter with seeded values in [-scale, scale]. */
    static void randomise(Parameter p, long seed, float scale) {
        NDArray a = p.getArray();
        SplittableRandom r = new SplittableRandom(seed);
        ByteBuffer b = ByteBuffer.allocate((int) a.size() * 4).order(ByteOrder.nativeOrder());
        for (int i = 0; i < a.size(); i++) {
            b.putFloat((float) ((r.nextDouble() * 2 - 1) * scale));
        }
        b.flip();
        a.set(b);
    }

    static double maxDiff(NDArray a, NDArray b) {
        return Fixtures.maxAbsDiff(a, b);
    }
}
