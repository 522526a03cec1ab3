package dev.graft.core.peft;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.graft.core.model.encoder.EncoderModel;
import dev.graft.core.model.gpt2.Gpt2Model;
import dev.graft.core.nn.Embedding;
import dev.graft.core.nn.ParameterPaths;
import java.util.Map;

/**
 * The word embedding as a LoRA target: named by the role {@code word_embeddings} or by its HF module
 * name ({@code word_embeddings}, {@code bert.embeddings.word_embeddings}, GPT-2's {@code wte}), as
 * PEFT's {@code target_modules} name it.
 *
 * @param hfPath the HF module path ({@code bert.embeddings.word_embeddings})
 */
record WordEmbeddingTarget(Embedding table, String hfPath) {
    static final String ROLE = "word_embeddings";

    /** The model's word embedding, or null for a model without one that LoRA can target (T5, a bare block). */
    static WordEmbeddingTarget of(Block model, HfLayout layout) {
        Embedding table = table(model);
        if (table == null) {
            return null;
        }
        for (Map.Entry<String, Parameter> e : ParameterPaths.of(model).entrySet()) {
            if (e.getValue() == table.weight()) {
                String path = e.getKey().substring(0, e.getKey().length() - ".weight".length());
                return new WordEmbeddingTarget(table, layout.module(path));
            }
        }
        throw new IllegalStateException("the word embedding's table is not among the model's parameters");
    }

    /** The word embedding of an encoder model or GPT-2, else null. */
    static Embedding table(Block model) {
        return model instanceof EncoderModel enc ? enc.embeddings().word() : model instanceof Gpt2Model gpt2 ? gpt2.word() : null;
    }

    boolean matches(String target) {
        return target.equalsIgnoreCase(ROLE) || hfPath.equals(target) || hfPath.endsWith("." + target);
    }

    /** The last segment of the HF path, the name written to {@code target_modules}. */
    String hfName() {
        return hfPath.substring(hfPath.lastIndexOf('.') + 1);
    }

    /** The LoRA on the model's word embedding, or null. */
    static LoraEmbedding lora(Block model) {
        Embedding table = table(model);
        return table != null && table.update() instanceof LoraEmbedding l ? l : null;
    }
}
