package dev.graft.serve;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.graft.core.model.encoder.EncoderTask;
import dev.graft.core.model.encoder.EncoderOutput;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.peft.AdapterHeads;
import dev.graft.core.tokenize.Encoding;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerFiles;
import dev.graft.core.tokenize.TokenizerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** An encoder classifier and its tokenizer: text in, label probabilities out, a padded batch at a time. */
public final class Classifier implements AutoCloseable {
    /** One label and its probability. */
    public record LabelScore(String label, float score) {}

    private final PretrainedEncoder model;
    private final HfTokenizer tokenizer;
    private final List<String> labels;
    private final int maxLength;
    private final AdapterHeads heads;

    private Classifier(PretrainedEncoder model, HfTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.heads = new AdapterHeads(model.model());
        this.maxLength = model.model().spec().maxSequenceLength();
        int n = model.model().spec().numLabels();
        Map<Integer, String> id2label = model.config().id2label();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(id2label.getOrDefault(i, "LABEL_" + i));
        }
        this.labels = List.copyOf(names);
    }

    /** Loads a sequence classifier and the {@code tokenizer.json} beside it. */
    public static Classifier load(Path dir, Device device) {
        if (!Files.isRegularFile(dir.resolve(TokenizerFiles.TOKENIZER_JSON))) {
            throw new IllegalArgumentException(dir + ": no " + TokenizerFiles.TOKENIZER_JSON
                    + " beside the model; classification takes text and needs one");
        }
        PretrainedEncoder model = PretrainedEncoder.load(dir, device, false);
        try {
            if (model.model().task() != EncoderTask.SEQUENCE_CLASSIFICATION) {
                throw new IllegalArgumentException(dir + ": the checkpoint has no classification head ("
                        + model.model().task() + "); /v1/classify needs a ...ForSequenceClassification model");
            }
            // No truncation: an input beyond the model's limit is refused with the limit instead.
            HfTokenizer tokenizer = HfTokenizer.load(dir, TokenizerOptions.unlimited().withSpecialTokens(true));
            return new Classifier(model, tokenizer);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public PretrainedEncoder model() {
        return model;
    }

    /** The heads adapters brought with them ({@code modules_to_save}); the model's own head is the base's. */
    public AdapterHeads heads() {
        return heads;
    }

    public List<String> labels() {
        return labels;
    }

    public int maxLength() {
        return maxLength;
    }

    /** Encodes a text or a pair; 422 naming {@code param} when it is longer than the model takes. */
    public Encoding encode(String text, String pair, String param) {
        Encoding e = pair == null ? tokenizer.encode(text) : tokenizer.encodePair(text, pair);
        if (e.length() > maxLength) {
            throw ApiException.invalid(param, "input is " + e.length() + " tokens; the model's limit is " + maxLength + " tokens");
        }
        ModelRoutes.checkVocabulary(e.ids(), model.model().spec().vocabSize(), param, "the input");
        return e;
    }

    /** The length in tokens of a text or pair, special tokens included, whatever the model's limit. */
    int tokens(String text, String pair) {
        return (pair == null ? tokenizer.encode(text) : tokenizer.encodePair(text, pair)).length();
    }

    /** Class probabilities of a batch under the base model's head. */
    public List<float[]> probabilities(List<Encoding> batch) {
        return probabilities(batch, Collections.nCopies(batch.size(), null));
    }

    /**
     * Class probabilities of a batch, padded on the right with the tokenizer's pad id and masked; row
     * {@code i} is read by the head of adapter {@code rowAdapters.get(i)} when it brought one (the
     * body's LoRA routing is the caller's: {@link AdapterRuntime#routed}). Runs in a sub-manager of
     * the model's manager, closed before returning.
     */
    public List<float[]> probabilities(List<Encoding> batch, List<String> rowAdapters) {
        int b = batch.size();
        int t = batch.stream().mapToInt(Encoding::length).max().orElse(1);
        long[] ids = new long[b * t];
        long[] mask = new long[b * t];
        long[] types = new long[b * t];
        java.util.Arrays.fill(ids, tokenizer.padId());
        for (int i = 0; i < b; i++) {
            Encoding e = batch.get(i);
            System.arraycopy(e.ids(), 0, ids, i * t, e.length());
            System.arraycopy(e.typeIds(), 0, types, i * t, e.length());
            java.util.Arrays.fill(mask, i * t, i * t + e.length(), 1L);
        }
        try (NDManager m = model.manager().newSubManager()) {
            Shape shape = new Shape(b, t); // (B, T)
            EncoderOutput body = model.forward(m.create(ids, shape), m.create(mask, shape), m.create(types, shape));
            NDArray logits = heads.logits(body, rowAdapters); // (B, labels)
            float[] p = logits.softmax(-1).toFloatArray(); // (B, labels)
            int n = labels.size();
            List<float[]> out = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                out.add(java.util.Arrays.copyOfRange(p, i * n, (i + 1) * n));
            }
            return out;
        }
    }

    /** Every label with its probability, highest first. */
    public List<LabelScore> ranked(float[] probabilities) {
        List<LabelScore> out = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            out.add(new LabelScore(labels.get(i), probabilities[i]));
        }
        out.sort((a, c) -> Float.compare(c.score(), a.score()));
        return out;
    }

    @Override
    public void close() {
        heads.close();
        tokenizer.close();
        model.close();
    }
}
