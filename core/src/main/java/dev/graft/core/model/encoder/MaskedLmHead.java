package dev.graft.core.model.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.graft.core.nn.Activation;
import dev.graft.core.nn.Embedding;
import dev.graft.core.nn.GraftBlock;
import dev.graft.core.nn.LayerNorm;
import dev.graft.core.nn.Linear;
import dev.graft.core.nn.TiedLmHead;

/**
 * Masked-LM head (Devlin et al. 2019, §3.1): {@code LN(act(h W + b)) Eᵀ + bias}, the decoder tied to
 * the word embedding.
 */
public final class MaskedLmHead extends GraftBlock {
    private final Activation activation;
    private final Linear dense;
    private final LayerNorm norm;
    private final TiedLmHead decoder;
    private final Parameter bias;

    public MaskedLmHead(EncoderSpec spec, Embedding wordEmbedding) {
        long h = spec.layer().hiddenSize();
        this.activation = spec.layer().activation();
        this.dense = addChildBlock("dense", new Linear(h, h));
        this.norm = addChildBlock("norm", new LayerNorm(h, spec.layer().normEps()));
        this.decoder = new TiedLmHead(wordEmbedding, 1f);
        this.bias = param("bias", Parameter.Type.BIAS, Initializer.ZEROS, spec.vocabSize());
    }

    /** (B, T, H) → (B, T, vocab). */
    public NDArray apply(ParameterStore ps, NDArray hidden, boolean training) {
        NDArray x = norm.apply(ps, activation.apply(dense.apply(ps, hidden, training)), training);
        return decoder.apply(ps, x, training).add(value(ps, bias, hidden, training));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return decoder.getOutputShapes(inputShapes);
    }
}
