package dev.graft.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.tokenize.Encoding;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/classify} (premise/hypothesis, text/text_pair, or a list of those) and
 * {@code POST /predict} (the request and response shapes of Hugging Face's text-embeddings-inference).
 */
final class ClassifyRoutes {
    /** One input of a batch: its encoding and the adapter it asks for (null: the base model). */
    record Row(Encoding encoding, String adapter) {}

    static final int MAX_INPUTS = 256;

    private final Classifier classifier;
    private final Batcher<Row, float[]> batcher;
    private final ModelRoutes common;

    ClassifyRoutes(Classifier classifier, Batcher<Row, float[]> batcher, ModelRoutes common) {
        this.classifier = classifier;
        this.batcher = batcher;
        this.common = common;
    }

    void classify(Context ctx) {
        JsonNode body = Json.body(ctx);
        List<Encoding> inputs = new ArrayList<>();
        String adapter;
        if (body.isArray()) {
            checkCount(body.size(), "inputs");
            for (int i = 0; i < body.size(); i++) {
                inputs.add(input(Json.requireObject(body.get(i), "[" + i + "]"), "[" + i + "]."));
            }
            adapter = null;
        } else {
            ObjectNode obj = Json.requireObject(body, null);
            JsonNode list = obj.get("inputs");
            if (list != null && list.isArray()) {
                checkCount(list.size(), "inputs");
                for (int i = 0; i < list.size(); i++) {
                    inputs.add(input(Json.requireObject(list.get(i), "inputs[" + i + "]"), "inputs[" + i + "]."));
                }
            } else {
                inputs.add(input(obj, ""));
            }
            adapter = common.adapterOf(obj);
        }
        List<float[]> probs = run(inputs, adapter);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("object", "classification").put("model", adapter == null ? common.modelName() : adapter);
        ArrayNode data = out.putArray("data");
        for (int i = 0; i < probs.size(); i++) {
            ObjectNode d = data.addObject().put("index", i);
            ArrayNode labels = d.putArray("labels");
            classifier.ranked(probs.get(i)).forEach(ls -> labels.addObject().put("label", ls.label()).put("score", ls.score()));
        }
        ctx.contentType("application/json").result(Json.write(out));
    }

    /** TEI: {@code {"inputs": "text" | ["a", "b"] (a pair) | [["a"], ["a", "b"], "c" ...]}} → {@code [[{label, score}]]}. */
    void predict(Context ctx) {
        ObjectNode obj = Json.requireObject(Json.body(ctx), null);
        JsonNode in = obj.get("inputs");
        List<Encoding> inputs = new ArrayList<>();
        if (in == null || in.isNull()) {
            throw ApiException.invalid("inputs", "inputs is required");
        } else if (in.isTextual()) {
            inputs.add(classifier.encode(in.asText(), null, "inputs"));
        } else if (in.isArray() && in.size() > 0 && in.get(0).isArray()) {
            checkCount(in.size(), "inputs");
            for (int i = 0; i < in.size(); i++) {
                inputs.add(sequence(in.get(i), "inputs[" + i + "]"));
            }
        } else if (in.isArray()) {
            inputs.add(sequence(in, "inputs"));
        } else {
            throw ApiException.invalid("inputs", "inputs must be a string, a pair [a, b] or a list of those, got " + Json.kind(in));
        }
        List<float[]> probs = run(inputs, common.adapterOf(obj));
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (float[] p : probs) {
            ArrayNode one = out.addArray();
            classifier.ranked(p).forEach(ls -> one.addObject().put("label", ls.label()).put("score", ls.score()));
        }
        ctx.contentType("application/json").result(Json.write(out));
    }

    /** A TEI sequence: {@code "text"}, {@code ["text"]} or {@code ["a", "b"]}. */
    private Encoding sequence(JsonNode node, String param) {
        if (node.isTextual()) {
            return classifier.encode(node.asText(), null, param);
        }
        if (!node.isArray() || node.size() < 1 || node.size() > 2 || !node.get(0).isTextual()
                || (node.size() == 2 && !node.get(1).isTextual())) {
            throw ApiException.invalid(param, param + " must be a string or an array of one or two strings");
        }
        return classifier.encode(node.get(0).asText(), node.size() == 2 ? node.get(1).asText() : null, param);
    }

    private Encoding input(ObjectNode obj, String prefix) {
        if (obj.has("premise") || obj.has("hypothesis")) {
            String premise = Json.string(obj, "premise", prefix + "premise", true);
            String hypothesis = Json.string(obj, "hypothesis", prefix + "hypothesis", true);
            return classifier.encode(premise, hypothesis, prefix + "premise");
        }
        if (!obj.has("text")) {
            throw ApiException.invalid(prefix + "text", "give premise and hypothesis, or text (and optionally text_pair)");
        }
        String text = Json.string(obj, "text", prefix + "text", true);
        String pair = Json.string(obj, "text_pair", prefix + "text_pair", false);
        return classifier.encode(text, pair, prefix + "text");
    }

    private static void checkCount(int n, String param) {
        if (n == 0 || n > MAX_INPUTS) {
            throw ApiException.invalid(param, param + " must hold 1 to " + MAX_INPUTS + " inputs, got " + n);
        }
    }

    private List<float[]> run(List<Encoding> inputs, String adapter) {
        List<CompletableFuture<float[]>> futures = new ArrayList<>();
        for (Encoding e : inputs) {
            futures.add(batcher.submit(new Row(e, adapter)));
        }
        List<float[]> out = new ArrayList<>();
        for (CompletableFuture<float[]> f : futures) {
            out.add(ModelRoutes.await(f));
        }
        return out;
    }
}
