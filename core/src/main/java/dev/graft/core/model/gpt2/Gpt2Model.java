package dev.graft.core.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.graft.core.model.decoding.CausalLmOutput;
import dev.graft.core.nn.Embedding;
import dev.graft.core.nn.EncoderStack;
import dev.graft.core.nn.GraftBlock;
import dev.graft.core.nn.InputExtension;
import dev.graft.core.nn.LayerCache;
import dev.graft.core.nn.Masks;
import dev.graft.core.nn.StackOutput;
import dev.graft.core.nn.TiedLmHead;
import java.util.List;

/**
 * GPT-2 (Radford et al. 2019): {@code h = wte[ids] + wpe[pos]}, pre-LN blocks
 * {@code x = x + attn(ln_1(x)); x = x + mlp(ln_2(x))} under a causal mask, {@code ln_f}, and logits
 * from the LM head tied to {@code wte}.
 */
public final class Gpt2Model extends GraftBlock {
    private final Gpt2Config config;
    private final Embedding word;
    private final Embedding position;
    private final EncoderStack decoder;
    private final TiedLmHead lmHead;
    private InputExtension inputExtension;

    public Gpt2Model(Gpt2Config config) {
        this.config = config;
        this.word = addChildBlock("embeddings.word", new Embedding(config.vocabSize(), config.nEmbd()));
        this.position = addChildBlock("embeddings.position", new Embedding(config.nPositions(), config.nEmbd()));
        this.decoder = addChildBlock("decoder", new EncoderStack(config.layerSpec(), config.nLayer(), true));
        this.lmHead = new TiedLmHead(word, 1f);
    }

    public Gpt2Config config() {
        return config;
    }

    /** The token embedding {@code wte} (also the LM head's weight). */
    public Embedding word() {
        return word;
    }

    /**
     * Sets (null: removes) the rewrite of inputs before embedding (prompt tuning). It applies to the
     * first step only; later steps of a cached decode get the mask widened over the inserted positions.
     */
    public void setInputExtension(InputExtension extension) {
        this.inputExtension = extension;
    }

    public InputExtension inputExtension() {
        return inputExtension;
    }

    /**
     * @param ids (B, T) new tokens
     * @param attentionMask (B, past + T) 1 for real tokens over every position so far, or null
     * @param positionIds (B, T), or null for {@code past, past+1, ...}; left-padded batches pass their own
     * @param past the cache of earlier steps, or null
     */
    public CausalLmOutput apply(ParameterStore ps, NDArray ids, NDArray attentionMask, NDArray positionIds,
            List<LayerCache> past, boolean training) {
        if (inputExtension != null) {
            if (past == null || past.isEmpty()) {
                if (positionIds != null) {
                    throw new IllegalArgumentException("explicit position ids are not supported with prompt tuning");
                }
                InputExtension.Inputs in = inputExtension.extend(ids, attentionMask, null); // (B, P + T)
                ids = in.ids();
                attentionMask = in.attentionMask();
            } else if (attentionMask != null && attentionMask.getShape().get(1) + inputExtension.length()
                    == past.get(0).self().length() + ids.getShape().get(1)) {
                attentionMask = ids.getManager().ones(new Shape(ids.getShape().get(0), inputExtension.length()),
                        attentionMask.getDataType(), attentionMask.getDevice()).concat(attentionMask, 1);
            }
        }
        long t = ids.getShape().get(1);
        long pastLength = past == null || past.isEmpty() ? 0 : past.get(0).self().length();
        long total = pastLength + t;
        if (total > config.nPositions()) {
            throw new IllegalArgumentException(total + " positions exceed the model's limit of n_positions="
                    + config.nPositions());
        }
        NDArray positions = positionIds != null
                ? positionIds
                : ids.getManager().arange(pastLength, total).toType(DataType.INT64, false).expandDims(0);
        NDArray x = word.apply(ps, ids, training).add(position.apply(ps, positions, training)); // (B, T, H)
        x = Dropout.dropout(x, (float) config.embdPdrop(), training).singletonOrThrow();
        NDArray mask = Masks.causal(ids.getManager(), t, total).toDevice(ids.getDevice(), false); // (1, 1, T, S)
        if (attentionMask != null) {
            mask = mask.add(Masks.padding(attentionMask)); // (B, 1, T, S)
        }
        StackOutput out = decoder.apply(ps, x, mask, past, training);
        return new CausalLmOutput(out.hidden(), lmHead.apply(ps, out.hidden(), training), out.cache());
    }

    /** Inputs: (input_ids[, attention_mask]). Outputs: (last_hidden_state, logits). */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        CausalLmOutput out = apply(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, null, null, training);
        return new NDList(out.hidden(), out.logits());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        return new Shape[] {ids.add(config.nEmbd()), ids.add(config.vocabSize())};
    }
}
