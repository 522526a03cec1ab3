package dev.graft.core.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.graft.core.nn.EncoderStack;
import dev.graft.core.nn.GraftBlock;
import dev.graft.core.nn.InputExtension;
import dev.graft.core.nn.Masks;
import dev.graft.core.nn.Pooler;
import dev.graft.core.nn.StackOutput;

/**
 * An encoder-only transformer (BERT, RoBERTa, DistilBERT): embeddings, a post-LN encoder stack,
 * BERT's pooler where the family has one, and an optional task head.
 */
public final class EncoderModel extends GraftBlock {
    private final EncoderSpec spec;
    private final EncoderTask task;
    private final EncoderEmbeddings embeddings;
    private final EncoderStack encoder;
    private final Pooler pooler;
    private final ClassificationHead classifier;
    private final MaskedLmHead mlm;
    private InputExtension inputExtension;

    public EncoderModel(EncoderSpec spec, EncoderTask task) {
        this.spec = spec;
        this.task = task;
        this.embeddings = addChildBlock("embeddings", new EncoderEmbeddings(spec));
        this.encoder = addChildBlock("encoder", new EncoderStack(spec.layer(), spec.numLayers(), false));
        this.pooler = spec.hasPooler() ? addChildBlock("pooler", new Pooler(spec.layer().hiddenSize())) : null;
        this.classifier = task == EncoderTask.SEQUENCE_CLASSIFICATION
                ? addChildBlock("classifier", new ClassificationHead(spec))
                : null;
        this.mlm = task == EncoderTask.MASKED_LM ? addChildBlock("mlm", new MaskedLmHead(spec, embeddings.word())) : null;
    }

    public EncoderSpec spec() {
        return spec;
    }

    public EncoderTask task() {
        return task;
    }

    public EncoderEmbeddings embeddings() {
        return embeddings;
    }

    public EncoderStack encoder() {
        return encoder;
    }

    /** Sets (null: removes) the rewrite of inputs before embedding (prompt tuning). */
    public void setInputExtension(InputExtension extension) {
        this.inputExtension = extension;
    }

    public InputExtension inputExtension() {
        return inputExtension;
    }

    /**
     * @param ids (B, T) token ids
     * @param attentionMask (B, T) 1 for real tokens, 0 for padding; null for none
     * @param typeIds (B, T) segment ids or null
     */
    public EncoderOutput apply(
            ParameterStore ps, NDArray ids, NDArray attentionMask, NDArray typeIds, boolean training) {
        if (inputExtension != null) {
            InputExtension.Inputs in = inputExtension.extend(ids, attentionMask, typeIds); // (B, P + T)
            ids = in.ids();
            attentionMask = in.attentionMask();
            typeIds = in.typeIds();
        }
        NDArray embedded = embeddings.apply(ps, ids, typeIds, training); // (B, T, H)
        NDArray mask = attentionMask == null ? null : Masks.padding(attentionMask); // (B, 1, 1, T)
        StackOutput body = encoder.apply(ps, embedded, mask, training);
        NDArray hidden = body.hidden();
        NDArray pooled = pooler == null ? null : pooler.apply(ps, hidden, training);
        NDArray logits = null;
        if (classifier != null) {
            logits = classifier.apply(ps, hidden, pooled, training);
        } else if (mlm != null) {
            logits = mlm.apply(ps, hidden, training);
        }
        return new EncoderOutput(embedded, hidden, pooled, logits, body.attentions());
    }

    /**
     * Inputs: (input_ids[, attention_mask[, token_type_ids]]). Outputs: (last_hidden_state, then
     * logits for a task head, else pooler_output where the family has a pooler).
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        EncoderOutput out = apply(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null,
                inputs.size() > 2 ? inputs.get(2) : null, training);
        NDList result = new NDList(out.lastHiddenState());
        if (out.logits() != null) {
            result.add(out.logits());
        } else if (out.poolerOutput() != null) {
            result.add(out.poolerOutput());
        }
        return result;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        long h = spec.layer().hiddenSize();
        Shape hidden = ids.add(h);
        if (classifier != null) {
            return new Shape[] {hidden, new Shape(ids.get(0), spec.numLabels())};
        }
        if (mlm != null) {
            return new Shape[] {hidden, ids.add(spec.vocabSize())};
        }
        return pooler != null ? new Shape[] {hidden, new Shape(ids.get(0), h)} : new Shape[] {hidden};
    }
}
