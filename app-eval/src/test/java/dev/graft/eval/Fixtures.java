package dev.graft.eval;

import dev.graft.core.data.NliBatch;
import dev.graft.core.data.NliExample;
import dev.graft.core.tokenize.Encoding;
import dev.graft.core.tokenize.TextTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Shared helpers: fixture paths, a whitespace tokenizer, a predictor with rigged outputs. */
final class Fixtures {
    static final Path CORE = Path.of("..", "core", "src", "test", "resources", "fixtures").toAbsolutePath().normalize();
    static final Path NLI = CORE.resolve("nli");
    static final Path HF = CORE.resolve("hf");

    private Fixtures() {}

    /** Writes HF-jsonl rows {"premise", "hypothesis", "label", "idx"} with named labels. */
    static Path hfJsonl(Path file, List<String[]> rows) {
        List<String> lines = new ArrayList<>();
        int i = 0;
        for (String[] r : rows) {
            lines.add(String.format("{\"premise\": \"%s\", \"hypothesis\": \"%s\", \"label\": \"%s\", \"idx\": %d}",
                    r[0], r[1], r[2], i++));
        }
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** [CLS] premise words [SEP] hypothesis words [SEP], ids from the word's hash (below 1000, the fixtures' vocab). */
    static final class WhitespaceTokenizer implements TextTokenizer {
        @Override
        public Encoding encode(String text) {
            return encodePair(text, null);
        }

        @Override
        public Encoding encodePair(String first, String second) {
            List<Long> ids = new ArrayList<>();
            List<Long> types = new ArrayList<>();
            ids.add(2L);
            types.add(0L);
            add(first, 0, ids, types);
            if (second != null) {
                add(second, 1, ids, types);
            }
            long[] a = ids.stream().mapToLong(Long::longValue).toArray();
            long[] t = types.stream().mapToLong(Long::longValue).toArray();
            String[] tokens = new String[a.length];
            java.util.Arrays.fill(tokens, "?");
            return new Encoding(a, t, tokens);
        }

        private static void add(String text, long type, List<Long> ids, List<Long> types) {
            for (String w : text.trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    ids.add(5L + Math.floorMod(w.hashCode(), 990));
                    types.add(type);
                }
            }
            ids.add(3L);
            types.add(type);
        }

        @Override
        public String decode(long[] ids) {
            return "";
        }

        @Override
        public long padId() {
            return 0;
        }

        @Override
        public int maxLength() {
            return 64;
        }

        @Override
        public void close() {}
    }

    /** Logits chosen per example by a function; counts the batches it saw. */
    static final class RiggedPredictor implements Predictor {
        final List<String> labels;
        final Function<NliExample, float[]> logits;
        final long delayMillis;
        int batches;

        RiggedPredictor(List<String> labels, Function<NliExample, float[]> logits) {
            this(labels, logits, 0);
        }

        RiggedPredictor(List<String> labels, Function<NliExample, float[]> logits, long delayMillis) {
            this.labels = labels;
            this.logits = logits;
            this.delayMillis = delayMillis;
        }

        @Override
        public List<String> labels() {
            return labels;
        }

        @Override
        public float[][] logits(NliBatch batch) {
            batches++;
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            float[][] out = new float[batch.size()][];
            for (int i = 0; i < batch.size(); i++) {
                out[i] = logits.apply(batch.examples().get(i));
            }
            return out;
        }
    }

    /** Logits putting all but a tiny mass on class {@code k} of {@code n}. */
    static float[] oneHot(int k, int n) {
        float[] l = new float[n];
        java.util.Arrays.fill(l, -20f);
        l[k] = 20f;
        return l;
    }

    static ModelInfo info(String name) {
        return new ModelInfo(name, null, 1234);
    }
}
