package dev.graft.core.model.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.core.io.SafetensorsFile;
import dev.graft.core.nn.Activation;
import dev.graft.core.nn.DecoderLayer;
import dev.graft.core.nn.DecoderStack;
import dev.graft.core.nn.EncoderLayer;
import dev.graft.core.nn.EncoderStack;
import dev.graft.core.nn.LayerSpec;
import dev.graft.core.nn.Masks;
import dev.graft.core.nn.SinusoidalPositions;
import dev.graft.core.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Parity with torch.nn's TransformerEncoderLayer, TransformerDecoderLayer and Transformer, an
 * implementation independent of HF, on outputs written by src/test/python/make_torchnn_fixtures.py
 * with padding and causal masks.
 */
class TorchNnParityTest {
    private static final double TOLERANCE = 1e-4;
    private static final int D = 32;
    private static final int HEADS = 4;
    private static final int FF = 64;

    private NDManager manager;
    private ParameterStore ps;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager(Device.cpu());
        ps = new ParameterStore(manager, false);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private static LayerSpec spec(Activation act, boolean preNorm) {
        return new LayerSpec(D, HEADS, FF, act, 1e-5, 0.1f, 0.1f, 0.1f, preNorm);
    }

    private static SafetensorsFile fixture(String name) {
        return SafetensorsFile.open(Fixtures.path("torchnn/" + name + ".safetensors"));
    }

    private <B extends ai.djl.nn.Block> B init(B block) {
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, D));
        return block;
    }

    @Test
    void encoderLayerPostNormRelu() {
        checkEncoderLayer("encoder_layer", spec(Activation.RELU, false));
    }

    @Test
    void encoderLayerPreNormGelu() {
        checkEncoderLayer("encoder_layer_prenorm", spec(Activation.GELU, true));
    }

    private void checkEncoderLayer(String name, LayerSpec spec) {
        try (SafetensorsFile f = fixture(name)) {
            EncoderLayer layer = init(new EncoderLayer(spec));
            TorchNnWeights.load(layer, f, "", false, manager);
            NDArray mask = f.load("attention_mask", manager);
            NDArray out = layer.apply(ps, f.load("src", manager), Masks.padding(mask), false).context();
            assertClose(out, f.load("out", manager), mask);
        }
    }

    @Test
    void decoderLayerWithCausalAndPaddingMasks() {
        try (SafetensorsFile f = fixture("decoder_layer")) {
            DecoderLayer layer = init(new DecoderLayer(spec(Activation.RELU, false)));
            TorchNnWeights.load(layer, f, "", true, manager);
            NDArray tgtMask = f.load("tgt_attention_mask", manager);
            NDArray memMask = f.load("memory_attention_mask", manager);
            NDArray selfMask = Masks.causal(manager, 5, 5).add(Masks.padding(tgtMask));
            NDArray out = layer.apply(ps, f.load("tgt", manager), f.load("memory", manager), selfMask,
                    Masks.padding(memMask), false).context();
            assertClose(out, f.load("out", manager), tgtMask);
        }
    }

    @Test
    void fullTransformerStacksWithFinalNorms() {
        try (SafetensorsFile f = fixture("transformer")) {
            EncoderStack encoder = init(new EncoderStack(spec(Activation.RELU, false), 2, true));
            DecoderStack decoder = init(new DecoderStack(spec(Activation.RELU, false), 2, true));
            TorchNnWeights.load(encoder, f, "encoder.", false, manager);
            TorchNnWeights.load(decoder, f, "decoder.", true, manager);
            NDArray srcMask = f.load("src_attention_mask", manager);
            NDArray tgtMask = f.load("tgt_attention_mask", manager);
            NDArray memory = encoder.apply(ps, f.load("src", manager), Masks.padding(srcMask), false).hidden();
            assertClose(memory, f.load("memory", manager), srcMask);
            NDArray selfMask = Masks.causal(manager, 5, 5).add(Masks.padding(tgtMask));
            NDArray out = decoder.apply(ps, f.load("tgt", manager), memory, selfMask, Masks.padding(srcMask), false).hidden();
            assertClose(out, f.load("out", manager), tgtMask);
        }
    }

    @Test
    void sinusoidalTableMatchesThePaper() {
        try (SafetensorsFile f = fixture("transformer_tokens")) {
            NDArray pe = new SinusoidalPositions(D).table(manager, 0, 64);
            assertThat(Fixtures.maxAbsDiff(pe, f.load("pe", manager))).isLessThanOrEqualTo(1e-6);
        }
    }

    @Test
    void tokenTransformerEmbeddingsToLogits() {
        try (SafetensorsFile f = fixture("transformer_tokens")) {
            TransformerConfig config = new TransformerConfig(50, 50, D, HEADS, FF, 2, 2, 0.1f, 1e-5, true,
                    Activation.RELU, false);
            TransformerModel model = new TransformerModel(config);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
            TorchNnWeights.load(model, f, "", false, manager);
            NDArray srcMask = f.load("src_attention_mask", manager);
            NDArray tgtMask = f.load("tgt_attention_mask", manager);
            Seq2SeqOutput out = model.apply(ps, f.load("src_ids", manager), f.load("tgt_ids", manager), srcMask, tgtMask, false);
            assertClose(out.memory(), f.load("memory", manager), srcMask);
            assertClose(out.decoderHidden(), f.load("decoder_out", manager), tgtMask);
            assertClose(out.logits(), f.load("logits", manager), tgtMask);
        }
    }

    private static void assertClose(NDArray ours, NDArray reference, NDArray mask) {
        assertThat(Fixtures.maxAbsDiffMasked(ours, reference, mask)).isLessThanOrEqualTo(TOLERANCE);
    }
}
