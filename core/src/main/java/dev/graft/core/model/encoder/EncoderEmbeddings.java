package dev.graft.core.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.graft.core.nn.Embedding;
import dev.graft.core.nn.GraftBlock;
import dev.graft.core.nn.LayerNorm;

/** {@code LN(word[ids] + position[pos] + token_type[types])} then dropout (Devlin et al. 2019, §3). */
public final class EncoderEmbeddings extends GraftBlock {
    private final EncoderSpec spec;
    private final Embedding word;
    private final Embedding position;
    private final Embedding tokenType;
    private final LayerNorm norm;

    public EncoderEmbeddings(EncoderSpec spec) {
        this.spec = spec;
        long h = spec.layer().hiddenSize();
        this.word = addChildBlock("word", new Embedding(spec.vocabSize(), h));
        this.position = addChildBlock("position", new Embedding(spec.maxPositions(), h));
        this.tokenType = spec.typeVocabSize() > 0
                ? addChildBlock("token_type", new Embedding(spec.typeVocabSize(), h))
                : null;
        this.norm = addChildBlock("norm", new LayerNorm(h, spec.layer().normEps()));
    }

    public Embedding word() {
        return word;
    }

    /**
     * @param ids (B, T) token ids
     * @param typeIds (B, T) segment ids, or null for all zeros
     */
    public NDArray apply(ParameterStore ps, NDArray ids, NDArray typeIds, boolean training) {
        NDArray x = word.apply(ps, ids, training).add(position.apply(ps, positionIds(ids), training)); // (B, T, H)
        if (tokenType != null) {
            NDArray types = typeIds != null ? typeIds : ids.zerosLike();
            x = x.add(tokenType.apply(ps, types, training));
        }
        x = norm.apply(ps, x, training);
        return Dropout.dropout(x, spec.embeddingDropout(), training).singletonOrThrow();
    }

    /** (B, T) or (1, T) position ids under the family's rule. */
    NDArray positionIds(NDArray ids) {
        long length = ids.getShape().get(1);
        if (length > spec.maxSequenceLength()) {
            throw new IllegalArgumentException("input of " + length + " tokens exceeds the model's limit of "
                    + spec.maxSequenceLength() + " positions");
        }
        if (spec.positionStyle() == PositionStyle.ABSOLUTE) {
            return ids.getManager().arange(length).toType(DataType.INT64, false).expandDims(0);
        }
        // RoBERTa: count real tokens from pad_id + 1; padding stays at pad_id.
        NDArray real = ids.neq(spec.padId()).toType(DataType.INT64, false);
        return real.cumSum(1).mul(real).add(spec.padId());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(spec.layer().hiddenSize())};
    }
}
