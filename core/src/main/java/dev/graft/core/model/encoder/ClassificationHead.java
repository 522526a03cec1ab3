package dev.graft.core.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.graft.core.nn.GraftBlock;
import dev.graft.core.nn.Linear;

/** Sequence classification over the first token, in the three layouts of {@link HeadStyle}. */
public final class ClassificationHead extends GraftBlock {
    private final HeadStyle style;
    private final float dropout;
    private final Linear dense;
    private final Linear out;

    public ClassificationHead(EncoderSpec spec) {
        long h = spec.layer().hiddenSize();
        this.style = spec.headStyle();
        this.dropout = spec.classifierDropout();
        this.dense = style == HeadStyle.BERT ? null : addChildBlock("dense", new Linear(h, h));
        this.out = addChildBlock("out", new Linear(h, spec.numLabels()));
    }

    /**
     * @param hidden (B, T, H) last hidden state
     * @param pooled (B, H) pooler output (BERT only, else null)
     * @return (B, labels) logits
     */
    public NDArray apply(ParameterStore ps, NDArray hidden, NDArray pooled, boolean training) {
        switch (style) {
            case BERT:
                return out.apply(ps, drop(pooled, training), training);
            case ROBERTA: {
                NDArray x = dense.apply(ps, drop(first(hidden), training), training).tanh();
                return out.apply(ps, drop(x, training), training);
            }
            case DISTILBERT: {
                NDArray x = dense.apply(ps, first(hidden), training).getNDArrayInternal().relu();
                return out.apply(ps, drop(x, training), training);
            }
            default:
                throw new AssertionError(style);
        }
    }

    private static NDArray first(NDArray hidden) {
        return hidden.get(new NDIndex(":, 0, :")); // (B, H)
    }

    private NDArray drop(NDArray x, boolean training) {
        return Dropout.dropout(x, dropout, training).singletonOrThrow();
    }

    /** Inputs: (hidden[, pooled]). Output: logits. */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), out.outFeatures())};
    }
}
