package dev.graft.core.model.transformer;

import dev.graft.core.nn.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.graft.core.nn.DecoderStack;
import dev.graft.core.nn.Embedding;
import dev.graft.core.nn.EncoderStack;
import dev.graft.core.nn.GraftBlock;
import dev.graft.core.nn.Linear;
import dev.graft.core.nn.Masks;
import dev.graft.core.nn.SinusoidalPositions;
import dev.graft.core.nn.StackOutput;

/**
 * The encoder-decoder Transformer of Vaswani et al. (2017), built from the same blocks as the
 * encoder-only models, for training from scratch:
 * {@code logits = generator(decoder(embed_t(y)·√d + PE, encoder(embed_s(x)·√d + PE)))}.
 */
public final class TransformerModel extends GraftBlock {
    private final TransformerConfig config;
    private final Embedding sourceEmbed;
    private final Embedding targetEmbed;
    private final SinusoidalPositions positions;
    private final EncoderStack encoder;
    private final DecoderStack decoder;
    private final Linear generator;

    public TransformerModel(TransformerConfig config) {
        this.config = config;
        this.sourceEmbed = addChildBlock("src_embed", new Embedding(config.sourceVocabSize(), config.dModel()));
        this.targetEmbed = addChildBlock("tgt_embed", new Embedding(config.targetVocabSize(), config.dModel()));
        this.positions = addChildBlock("positions", new SinusoidalPositions(config.dModel()));
        this.encoder = addChildBlock("encoder",
                new EncoderStack(config.layerSpec(), config.numEncoderLayers(), config.finalNorms()));
        this.decoder = addChildBlock("decoder",
                new DecoderStack(config.layerSpec(), config.numDecoderLayers(), config.finalNorms()));
        this.generator = addChildBlock("generator", new Linear(config.dModel(), config.targetVocabSize()));
    }

    public TransformerConfig config() {
        return config;
    }

    /** {@code embed(ids)·√d_model + PE} then dropout (§3.4, §3.5, §5.4). */
    public NDArray embed(ParameterStore ps, Embedding table, NDArray ids, boolean training) {
        NDArray x = Scalars.mul(table.apply(ps, ids, training), (float) Math.sqrt(config.dModel())); // (B, T, H)
        NDArray pe = positions.table(ids.getManager(), 0, ids.getShape().get(1)).toDevice(ids.getDevice(), false);
        return Dropout.dropout(x.add(pe.expandDims(0)), config.dropout(), training).singletonOrThrow();
    }

    /**
     * @param sourceIds (B, S)
     * @param sourceMask (B, S) 1 = real token, or null
     */
    public StackOutput encode(ParameterStore ps, NDArray sourceIds, NDArray sourceMask, boolean training) {
        NDArray mask = sourceMask == null ? null : Masks.padding(sourceMask);
        return encoder.apply(ps, embed(ps, sourceEmbed, sourceIds, training), mask, training);
    }

    /**
     * @param targetIds (B, T) shifted-right target
     * @param memory (B, S, H) encoder output
     */
    public StackOutput decode(
            ParameterStore ps, NDArray targetIds, NDArray targetMask, NDArray memory, NDArray sourceMask, boolean training) {
        long t = targetIds.getShape().get(1);
        NDArray selfMask = Masks.causal(targetIds.getManager(), t, t).toDevice(targetIds.getDevice(), false);
        if (targetMask != null) {
            selfMask = selfMask.add(Masks.padding(targetMask)); // (B, 1, T, T)
        }
        NDArray memoryMask = sourceMask == null ? null : Masks.padding(sourceMask);
        return decoder.apply(ps, embed(ps, targetEmbed, targetIds, training), memory, selfMask, memoryMask, training);
    }

    public Seq2SeqOutput apply(
            ParameterStore ps, NDArray sourceIds, NDArray targetIds, NDArray sourceMask, NDArray targetMask, boolean training) {
        NDArray memory = encode(ps, sourceIds, sourceMask, training).hidden();
        StackOutput dec = decode(ps, targetIds, targetMask, memory, sourceMask, training);
        NDArray logits = generator.apply(ps, dec.hidden(), training);
        return new Seq2SeqOutput(memory, dec.hidden(), logits, dec.attentions());
    }

    /** Inputs: (source ids, target ids[, source mask, target mask]). Output: logits. */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray sourceMask = inputs.size() > 2 ? inputs.get(2) : null;
        NDArray targetMask = inputs.size() > 3 ? inputs.get(3) : null;
        return new NDList(apply(ps, inputs.get(0), inputs.get(1), sourceMask, targetMask, training).logits());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[1].add(config.targetVocabSize())};
    }
}
