package dev.graft.core.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.graft.core.model.t5.T5Model;
import dev.graft.core.nn.Embedding;
import dev.graft.core.nn.EncoderLayer;
import dev.graft.core.nn.EncoderStack;
import dev.graft.core.nn.GraftBlock;
import dev.graft.core.nn.KeyValue;
import dev.graft.core.nn.KeyValueExtension;
import dev.graft.core.nn.Linear;
import dev.graft.core.nn.MultiHeadAttention;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.nn.Projection;
import java.util.ArrayList;
import java.util.List;

/** Attaches prefix tuning to a model's self-attention stack. */
final class PrefixTuning {
    /** PEFT's module name for prompt-learning parameters. */
    static final String CHILD = "prompt_encoder";

    private PrefixTuning() {}

    static PrefixEncoder attach(Block model, PrefixConfig config, String name) {
        if (model instanceof T5Model) {
            throw new IllegalArgumentException("prefix tuning supports encoder models (BERT, RoBERTa, DistilBERT) and GPT-2;"
                    + " T5 is not supported");
        }
        List<EncoderLayer> layers = new ArrayList<>();
        findLayers(model, layers);
        if (layers.isEmpty() || !(model instanceof GraftBlock owner)) {
            throw new IllegalArgumentException("prefix tuning found no self-attention stack in " + model.getClass().getSimpleName());
        }
        MultiHeadAttention first = layers.get(0).attention();
        long hidden = first.projections().get("output").outFeatures();
        Projection qkv = first.projections().get("qkv");
        long inner = qkv != null ? qkv.outFeatures() / 3 : first.projections().get("key").outFeatures();
        for (EncoderLayer layer : layers) {
            if (layer.attention().keyValueExtension() != null) {
                throw new IllegalStateException("the model already has a prefix; one prefix adapter at a time");
            }
        }
        PrefixEncoder encoder = new PrefixEncoder(config.numVirtualTokens(), layers.size(), hidden, inner,
                config.projectionHiddenSize(), config.projection());
        NDArray like = ParameterPaths.of(model).values().iterator().next().getArray();
        encoder.initialize(like.getManager(), DataType.FLOAT32, new Shape(1));
        owner.attach(CHILD + "." + name, encoder);
        for (int i = 0; i < layers.size(); i++) {
            int layer = i;
            layers.get(i).attention().setKeyValueExtension(new KeyValueExtension() {
                @Override
                public KeyValue prepend(ParameterStore ps, KeyValue kv, boolean training) {
                    return encoder.prepend(ps, kv, layer, training);
                }
            });
        }
        return encoder;
    }

    /** The attached prefix encoder of adapter {@code name}, or null. */
    static PrefixEncoder find(Block model, String name) {
        for (ai.djl.util.Pair<String, Block> child : model.getChildren()) {
            if (child.getKey().endsWith(CHILD + "." + name) && child.getValue() instanceof PrefixEncoder p) {
                return p;
            }
        }
        return null;
    }

    private static void findLayers(Block block, List<EncoderLayer> out) {
        if (block instanceof EncoderStack stack) {
            out.addAll(stack.layers());
            return;
        }
        for (Block child : block.getChildren().values()) {
            findLayers(child, out);
        }
    }
}
