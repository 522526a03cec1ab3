package dev.graft.core.model.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.graft.core.generate.Caches;
import dev.graft.core.generate.Decoder;
import dev.graft.core.generate.DecodingSession;
import dev.graft.core.model.decoding.CausalLmOutput;
import dev.graft.core.nn.LayerCache;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Token-by-token decoding of GPT-2. Prompts of different lengths are left-padded so every row's next
 * token sits at the last column; each row's positions count its own tokens from 0, so padding changes
 * nothing a row computes.
 */
public final class Gpt2Decoder implements Decoder {
    private final PretrainedGpt2 gpt2;

    public Gpt2Decoder(PretrainedGpt2 gpt2) {
        this.gpt2 = gpt2;
    }

    @Override
    public DecodingSession start(List<long[]> prompts, boolean useCache) {
        return new Session(prompts, useCache);
    }

    @Override
    public int maxLength() {
        return gpt2.config().nPositions();
    }

    @Override
    public boolean promptSharesPositions() {
        return true;
    }

    @Override
    public OptionalLong eosTokenId() {
        Integer eos = gpt2.config().eosTokenId();
        return eos != null && eos < gpt2.config().vocabSize() ? OptionalLong.of(eos) : OptionalLong.empty();
    }

    @Override
    public int vocabSize() {
        return gpt2.config().vocabSize();
    }

    @Override
    public long[] fullSequence(long[] prompt, long[] generated) {
        long[] all = java.util.Arrays.copyOf(prompt, prompt.length + generated.length);
        System.arraycopy(generated, 0, all, prompt.length, generated.length);
        return all;
    }

    private final class Session implements DecodingSession {
        private final NDManager session = gpt2.manager().newSubManager();
        private final ParameterStore ps = new ParameterStore(gpt2.manager(), false);
        private final boolean useCache;
        private final List<List<Long>> tokens = new ArrayList<>();
        private List<LayerCache> cache;

        Session(List<long[]> prompts, boolean useCache) {
            this.useCache = useCache;
            for (long[] p : prompts) {
                List<Long> row = new ArrayList<>();
                for (long t : p) {
                    row.add(t);
                }
                tokens.add(row);
            }
        }

        @Override
        public float[][] next(long[] appended) {
            if (appended != null) {
                for (int i = 0; i < tokens.size(); i++) {
                    tokens.get(i).add(appended[i]);
                }
            }
            try (NDManager step = session.newSubManager()) {
                boolean incremental = useCache && appended != null;
                if (incremental) {
                    Caches.lend(step, cache);
                }
                Batch batch = incremental ? lastTokens(step) : wholeSequences(step);
                CausalLmOutput out = gpt2.model().apply(ps, batch.ids, batch.mask, batch.positions,
                        incremental ? cache : null, false);
                float[][] logits = Caches.lastPositionRows(out.logits());
                if (useCache) {
                    Caches.advance(session, cache, out.cache());
                    cache = out.cache();
                }
                return logits;
            }
        }

        /** Every row left-padded to the longest: ids, mask over all positions, per-row positions. */
        private Batch wholeSequences(NDManager m) {
            int b = tokens.size();
            int width = tokens.stream().mapToInt(List::size).max().orElseThrow();
            long[] ids = new long[b * width];
            long[] mask = new long[b * width];
            long[] pos = new long[b * width];
            for (int i = 0; i < b; i++) {
                List<Long> row = tokens.get(i);
                int pad = width - row.size();
                for (int j = 0; j < row.size(); j++) {
                    ids[i * width + pad + j] = row.get(j);
                    mask[i * width + pad + j] = 1;
                    pos[i * width + pad + j] = j;
                }
            }
            Shape shape = new Shape(b, width);
            return new Batch(m.create(ids, shape), m.create(mask, shape), m.create(pos, shape));
        }

        /** The newest token of each row, with the mask over every position so far. */
        private Batch lastTokens(NDManager m) {
            int b = tokens.size();
            int width = tokens.stream().mapToInt(List::size).max().orElseThrow();
            long[] ids = new long[b];
            long[] pos = new long[b];
            long[] mask = new long[b * width];
            for (int i = 0; i < b; i++) {
                List<Long> row = tokens.get(i);
                ids[i] = row.get(row.size() - 1);
                pos[i] = row.size() - 1;
                for (int j = width - row.size(); j < width; j++) {
                    mask[i * width + j] = 1;
                }
            }
            return new Batch(m.create(ids, new Shape(b, 1)), m.create(mask, new Shape(b, width)),
                    m.create(pos, new Shape(b, 1)));
        }

        @Override
        public void close() {
            session.close();
        }
    }

    private record Batch(NDArray ids, NDArray mask, NDArray positions) {}
}
