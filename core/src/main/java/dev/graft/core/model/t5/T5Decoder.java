package dev.graft.core.model.t5;

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
 * Token-by-token decoding of T5: the prompts are encoded once; the decoder starts from
 * {@code decoder_start_token_id} and, with the cache, keeps its self-attention keys and values and the
 * cross-attention keys and values over the encoder output between steps.
 */
public final class T5Decoder implements Decoder {
    private final PretrainedT5 t5;

    public T5Decoder(PretrainedT5 t5) {
        this.t5 = t5;
    }

    @Override
    public DecodingSession start(List<long[]> prompts, boolean useCache) {
        return new Session(prompts, useCache);
    }

    /** Relative positions put no bound on length. */
    @Override
    public int maxLength() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean promptSharesPositions() {
        return false;
    }

    @Override
    public OptionalLong eosTokenId() {
        return OptionalLong.of(t5.config().eosTokenId());
    }

    @Override
    public int vocabSize() {
        return t5.config().vocabSize();
    }

    @Override
    public long[] fullSequence(long[] prompt, long[] generated) {
        long[] all = new long[generated.length + 1];
        all[0] = t5.config().decoderStartTokenId();
        System.arraycopy(generated, 0, all, 1, generated.length);
        return all;
    }

    private final class Session implements DecodingSession {
        private final NDManager session = t5.manager().newSubManager();
        private final ParameterStore ps = new ParameterStore(t5.manager(), false);
        private final boolean useCache;
        private final List<List<Long>> decoded = new ArrayList<>();
        private final NDArray memory;
        private final NDArray memoryMask;
        private List<LayerCache> cache;

        Session(List<long[]> prompts, boolean useCache) {
            this.useCache = useCache;
            int b = prompts.size();
            int width = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
            long[] ids = new long[b * width];
            long[] mask = new long[b * width];
            java.util.Arrays.fill(ids, t5.config().padTokenId());
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < prompts.get(i).length; j++) {
                    ids[i * width + j] = prompts.get(i)[j];
                    mask[i * width + j] = 1;
                }
                List<Long> start = new ArrayList<>();
                start.add((long) t5.config().decoderStartTokenId());
                decoded.add(start);
            }
            try (NDManager step = session.newSubManager()) {
                NDArray idArray = step.create(ids, new Shape(b, width));
                NDArray maskArray = step.create(mask, new Shape(b, width));
                NDArray encoded = t5.model().encode(ps, idArray, maskArray, false);
                encoded.attach(session);
                maskArray.attach(session);
                this.memory = encoded;
                this.memoryMask = maskArray;
            }
        }

        @Override
        public float[][] next(long[] appended) {
            if (appended != null) {
                for (int i = 0; i < decoded.size(); i++) {
                    decoded.get(i).add(appended[i]);
                }
            }
            try (NDManager step = session.newSubManager()) {
                boolean incremental = useCache && appended != null;
                Caches.lend(step, incremental ? cache : null, memory, memoryMask);
                NDArray ids = incremental ? lastTokens(step) : allTokens(step);
                CausalLmOutput out = t5.model().decode(ps, ids, memory, memoryMask, incremental ? cache : null, false);
                float[][] logits = Caches.lastPositionRows(out.logits());
                if (useCache) {
                    Caches.advance(session, cache, out.cache());
                    cache = out.cache();
                }
                return logits;
            }
        }

        private NDArray allTokens(NDManager m) {
            int b = decoded.size();
            int t = decoded.get(0).size();
            long[] ids = new long[b * t];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < t; j++) {
                    ids[i * t + j] = decoded.get(i).get(j);
                }
            }
            return m.create(ids, new Shape(b, t));
        }

        private NDArray lastTokens(NDManager m) {
            long[] ids = new long[decoded.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = decoded.get(i).get(decoded.get(i).size() - 1);
            }
            return m.create(ids, new Shape(ids.length, 1));
        }

        @Override
        public void close() {
            session.close();
        }
    }
}
