package dev.graft.core.peft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.initializer.UniformInitializer;
import dev.graft.core.model.encoder.EncoderModel;
import dev.graft.core.model.gpt2.Gpt2Model;
import dev.graft.core.nn.Embedding;
import dev.graft.core.nn.InputExtension;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Attaches prompt tuning (Lester et al. 2021): P virtual token ids {@code vocab … vocab+P-1} are
 * inserted into every row and the word embedding looks them up in a {@link PromptEmbedding}; the
 * attention mask gets ones there and token types zeros.
 *
 * <p><b>Where the soft tokens go.</b> In GPT-2 they come first, as in PEFT. In encoder models they
 * go <em>after the first token</em>, so {@code [CLS]} / {@code <s>} stays at position 0 and the
 * classification head (which reads position 0, or BERT's pooler over it) reads the sentence token
 * rather than a soft token. PEFT puts them before {@code [CLS]}; the stored prompt tensor is the
 * same, the position differs (docs/PEFT.md). Outputs then have P more positions than the input.
 */
final class PromptTuning {
    static final String CHILD = PrefixTuning.CHILD;

    private PromptTuning() {}

    static PromptEmbedding attach(Block model, PromptConfig config, String name) {
        Embedding word;
        int insertAt;
        if (model instanceof EncoderModel enc) {
            word = enc.embeddings().word();
            insertAt = 1;
        } else if (model instanceof Gpt2Model gpt2) {
            word = gpt2.word();
            insertAt = 0;
        } else {
            throw new IllegalArgumentException("prompt tuning supports encoder models (BERT, RoBERTa, DistilBERT) and GPT-2,"
                    + " not " + model.getClass().getSimpleName());
        }
        if (word.extension() != null) {
            throw new IllegalStateException("the model already has a soft prompt; one prompt adapter at a time");
        }
        int p = config.numVirtualTokens();
        PromptEmbedding prompt = new PromptEmbedding(p, word.dim());
        prompt.weight().setInitializer(new UniformInitializer(0.5f)); // Lester et al. §3: U(-0.5, 0.5)
        NDArray table = word.weight().getArray();
        prompt.initialize(table.getManager(), DataType.FLOAT32, new Shape(1, 1));
        if (config.init() != PromptConfig.Init.RANDOM) {
            prompt.weight().getArray().set(initialRows(table, config));
        }
        ((dev.graft.core.nn.GraftBlock) model).attach(CHILD + "." + name, prompt);
        word.setExtension(prompt);
        InputExtension insert = new Insertion(word.numEmbeddings(), p, insertAt);
        if (model instanceof EncoderModel enc) {
            enc.setInputExtension(insert);
        } else {
            ((Gpt2Model) model).setInputExtension(insert);
        }
        return prompt;
    }

    /** Rows of the vocabulary: sampled ones, or the text's tokens repeated / cut to P. */
    private static ByteBuffer initialRows(NDArray table, PromptConfig config) {
        long vocab = table.getShape().get(0);
        int p = config.numVirtualTokens();
        long[] rows = new long[p];
        if (config.init() == PromptConfig.Init.SAMPLE_VOCAB) {
            SplittableRandom random = new SplittableRandom(config.seed());
            for (int i = 0; i < p; i++) {
                rows[i] = random.nextLong(vocab);
            }
        } else {
            long[] text = config.initTokenIds();
            for (int i = 0; i < p; i++) {
                rows[i] = text[i % text.length];
                if (rows[i] < 0 || rows[i] >= vocab) {
                    throw new IllegalArgumentException("prompt init token id " + rows[i] + " is outside the vocabulary of " + vocab);
                }
            }
        }
        try (NDManager scratch = table.getManager().newSubManager()) {
            NDArray ids = scratch.create(rows);
            NDArray picked = table.get(new NDIndex("{}", ids)); // (P, H)
            ByteBuffer out = ByteBuffer.allocate((int) picked.size() * 4).order(ByteOrder.nativeOrder());
            out.asFloatBuffer().put(picked.toFloatArray());
            picked.close();
            return out;
        }
    }

    /** Inserts P virtual ids at {@code at} in every row, ones in the mask, zeros in the types. */
    private record Insertion(long vocab, int count, int at) implements InputExtension {
        @Override
        public long length() {
            return count;
        }

        @Override
        public Inputs extend(NDArray ids, NDArray mask, NDArray types) {
            long b = ids.getShape().get(0);
            NDManager m = ids.getManager();
            NDArray virtual = m.arange(vocab, vocab + count, 1, DataType.INT64).toDevice(ids.getDevice(), false)
                    .expandDims(0).broadcast(b, count).toType(ids.getDataType(), false); // (B, P)
            NDArray newMask = mask == null ? null
                    : insert(mask, m.ones(new Shape(b, count), mask.getDataType(), mask.getDevice()));
            NDArray newTypes = types == null ? null
                    : insert(types, m.zeros(new Shape(b, count), types.getDataType(), types.getDevice()));
            return new Inputs(insert(ids, virtual), newMask, newTypes);
        }

        private NDArray insert(NDArray x, NDArray extra) {
            if (at == 0) {
                return extra.concat(x, 1);
            }
            NDArray head = x.get(new NDIndex(":, :{}", at));
            NDArray tail = x.get(new NDIndex(":, {}:", at));
            return head.concat(extra, 1).concat(tail, 1); // (B, T + P)
        }
    }
}
