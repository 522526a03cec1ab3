package dev.graft.core.peft;

import ai.djl.nn.Block;
import dev.graft.core.checkpoint.WeightNames;
import dev.graft.core.model.bert.BertWeights;
import dev.graft.core.model.distilbert.DistilBertWeights;
import dev.graft.core.model.encoder.EncoderModel;
import dev.graft.core.model.encoder.EncoderTask;
import dev.graft.core.model.encoder.HeadStyle;
import dev.graft.core.model.gpt2.Gpt2Model;
import dev.graft.core.model.gpt2.Gpt2Weights;
import dev.graft.core.model.t5.T5Model;
import dev.graft.core.model.t5.T5Weights;
import java.util.Optional;

/**
 * How Hugging Face names the modules of one of our models: the family's weight table and whether body
 * keys carry the task prefix ({@code bert.}), as they do in the {@code …ForSequenceClassification} /
 * {@code GPT2LMHeadModel} that PEFT wraps. PEFT keys are {@code base_model.model.} + that HF path.
 *
 * @param names the family's table, or null for a bare block (then our paths are the names)
 * @param prefixed whether body modules sit under the task prefix
 */
record HfLayout(WeightNames names, boolean prefixed) {

    static HfLayout of(Block model) {
        if (model instanceof EncoderModel enc) {
            HeadStyle style = enc.spec().headStyle();
            WeightNames names = style == HeadStyle.DISTILBERT ? DistilBertWeights.names()
                    : BertWeights.names(style == HeadStyle.ROBERTA);
            return new HfLayout(names, enc.task() != EncoderTask.BASE);
        }
        if (model instanceof Gpt2Model) {
            return new HfLayout(Gpt2Weights.names(), true);
        }
        if (model instanceof T5Model t5) {
            return new HfLayout(T5Weights.names(t5.config()), false);
        }
        return new HfLayout(null, false);
    }

    /** The HF module path of one of our module paths ({@code encoder.layers.0.attention.query}). */
    String module(String ourModule) {
        if (names == null) {
            return ourModule;
        }
        Optional<String> key = names.toCheckpoint(ourModule + ".weight", prefixed);
        return key.map(k -> k.substring(0, k.length() - ".weight".length())).orElse(ourModule);
    }

    /** The HF key of one of our parameter paths. */
    String key(String ourPath) {
        if (names == null) {
            return ourPath;
        }
        return names.toCheckpoint(ourPath, prefixed).orElse(ourPath);
    }
}
