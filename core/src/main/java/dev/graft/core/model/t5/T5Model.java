package dev.graft.core.model.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.graft.core.model.decoding.CausalLmOutput;
import dev.graft.core.nn.DecoderStack;
import dev.graft.core.nn.Embedding;
import dev.graft.core.nn.EncoderStack;
import dev.graft.core.nn.GraftBlock;
import dev.graft.core.nn.LayerCache;
import dev.graft.core.nn.Linear;
import dev.graft.core.nn.Masks;
import dev.graft.core.nn.RelativePositionBias;
import dev.graft.core.nn.StackOutput;
import dev.graft.core.nn.TiedLmHead;
import java.util.List;

/**
 * T5 (Raffel et al. 2020): a shared embedding, pre-norm RMS encoder and decoder stacks whose
 * self-attention scores get a relative position bias computed once per stack (the first layer's
 * table, shared by all layers), and an LM head tied to the embedding and scaled by {@code d_model^-0.5}.
 */
public final class T5Model extends GraftBlock {
    private final T5Config config;
    private final Embedding shared;
    private final RelativePositionBias encoderBias;
    private final RelativePositionBias decoderBias;
    private final EncoderStack encoder;
    private final DecoderStack decoder;
    private final TiedLmHead tiedHead;
    private final Linear lmHead;

    public T5Model(T5Config config) {
        this.config = config;
        int buckets = config.relativeAttentionNumBuckets();
        int distance = config.relativeAttentionMaxDistance();
        this.shared = addChildBlock("shared", new Embedding(config.vocabSize(), config.dModel()));
        this.encoderBias = addChildBlock("encoder_bias", new RelativePositionBias(buckets, distance, config.numHeads(), true));
        this.decoderBias = addChildBlock("decoder_bias", new RelativePositionBias(buckets, distance, config.numHeads(), false));
        this.encoder = addChildBlock("encoder", new EncoderStack(config.layerSpec(), config.numLayers(), true));
        this.decoder = addChildBlock("decoder", new DecoderStack(config.layerSpec(), config.numDecoderLayers(), true));
        if (config.tieWordEmbeddings()) {
            this.tiedHead = new TiedLmHead(shared, (float) Math.pow(config.dModel(), -0.5));
            this.lmHead = null;
        } else {
            this.tiedHead = null;
            this.lmHead = addChildBlock("lm_head", new Linear(config.dModel(), config.vocabSize(), false));
        }
    }

    public T5Config config() {
        return config;
    }

    /**
     * @param ids (B, S) source tokens
     * @param mask (B, S) 1 for real tokens, or null
     * @return (B, S, H) encoder output
     */
    public NDArray encode(ParameterStore ps, NDArray ids, NDArray mask, boolean training) {
        long s = ids.getShape().get(1);
        NDArray bias = encoderBias.bias(ps, ids.getManager(), s, s, training); // (1, nh, S, S)
        if (mask != null) {
            bias = bias.add(Masks.padding(mask));
        }
        NDArray h = encoder.apply(ps, drop(shared.apply(ps, ids, training), training), bias, training).hidden();
        return drop(h, training);
    }

    /**
     * @param ids (B, T) decoder tokens after those in {@code past}
     * @param memory (B, S, H) encoder output
     * @param memoryMask (B, S) source padding mask, or null
     * @param past per-layer caches of earlier steps, or null
     */
    public CausalLmOutput decode(ParameterStore ps, NDArray ids, NDArray memory, NDArray memoryMask,
            List<LayerCache> past, boolean training) {
        long t = ids.getShape().get(1);
        long pastLength = past == null || past.isEmpty() ? 0 : past.get(0).self().length();
        long total = pastLength + t;
        NDArray selfMask = decoderBias.bias(ps, ids.getManager(), t, total, training)
                .add(Masks.causal(ids.getManager(), t, total).toDevice(ids.getDevice(), false)); // (1, nh, T, S)
        NDArray crossMask = memoryMask == null ? null : Masks.padding(memoryMask);
        StackOutput out = decoder.apply(ps, drop(shared.apply(ps, ids, training), training), memory, selfMask, crossMask,
                past, training);
        NDArray hidden = drop(out.hidden(), training);
        NDArray logits = tiedHead != null ? tiedHead.apply(ps, hidden, training) : lmHead.apply(ps, hidden, training);
        return new CausalLmOutput(hidden, logits, out.cache());
    }

    private NDArray drop(NDArray x, boolean training) {
        return Dropout.dropout(x, (float) config.dropoutRate(), training).singletonOrThrow();
    }

    /** Inputs: (input_ids, attention_mask, decoder_input_ids). Outputs: (encoder output, logits). */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray memory = encode(ps, inputs.get(0), inputs.get(1), training);
        CausalLmOutput out = decode(ps, inputs.get(2), memory, inputs.get(1), null, training);
        return new NDList(memory, out.logits());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.dModel()), inputShapes[2].add(config.vocabSize())};
    }
}
