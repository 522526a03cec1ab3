package dev.graft.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.generate.Decoder;
import dev.graft.core.generate.GenerationConfig;
import dev.graft.core.generate.GenerationRequest;
import dev.graft.core.generate.GenerationResult;
import dev.graft.core.generate.TokenListener;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** {@code POST /v1/completions}, OpenAI-compatible, with {@code top_k} and {@code repetition_penalty} as extensions. */
final class CompletionRoutes {
    /** One prompt of a batch, the adapter it asks for and where its tokens go as they are chosen. */
    record Row(GenerationRequest request, String adapter, TokenListener listener) {}

    static final int MAX_STOP_STRINGS = 16;
    private static final AtomicLong IDS = new AtomicLong();

    private final Completer completer;
    private final Batcher<Row, GenerationResult> batcher;
    private final ModelRoutes common;

    CompletionRoutes(Completer completer, Batcher<Row, GenerationResult> batcher, ModelRoutes common) {
        this.completer = completer;
        this.batcher = batcher;
        this.common = common;
    }

    /** A validated request: what to decode, for which adapter, and whether to stream. */
    record Parsed(GenerationRequest request, String adapter, boolean stream) {}

    void complete(Context ctx) {
        Parsed p = parse(Json.requireObject(Json.body(ctx), null));
        String id = "cmpl-" + Long.toHexString(System.nanoTime()) + "-" + IDS.incrementAndGet();
        String model = p.adapter() == null ? common.modelName() : p.adapter();
        if (p.stream()) {
            new CompletionStream(completer, ctx, id, model, p.request()).run(listener ->
                    batcher.submit(new Row(p.request(), p.adapter(), listener)));
            return;
        }
        GenerationResult r = ModelRoutes.await(batcher.submit(new Row(p.request(), p.adapter(), TokenListener.NONE)));
        ObjectNode out = header(id, model);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("text", r.text() == null ? "" : r.text()).put("index", 0).putNull("logprobs");
        choice.put("finish_reason", r.finishReason().name().toLowerCase(Locale.ROOT));
        choice.putPOJO("token_ids", r.generated());
        out.putObject("usage").put("prompt_tokens", r.prompt().length).put("completion_tokens", r.generated().length)
                .put("total_tokens", r.prompt().length + r.generated().length);
        out.put("seed", p.request().config().seed());
        ctx.contentType("application/json").result(Json.write(out));
    }

    static ObjectNode header(String id, String model) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", id).put("object", "text_completion").put("created", System.currentTimeMillis() / 1000).put("model", model);
        return out;
    }

    Parsed parse(ObjectNode body) {
        String adapter = common.adapterOf(body);
        long[] prompt = prompt(body.get("prompt"));
        Integer maxTokens = Json.integer(body, "max_tokens");
        Float temperature = Json.number(body, "temperature");
        Float topP = Json.number(body, "top_p");
        Integer topK = Json.integer(body, "top_k");
        Float penalty = Json.number(body, "repetition_penalty");
        Long seed = Json.longValue(body, "seed");
        Integer n = Json.integer(body, "n");
        if (n != null && n != 1) {
            throw ApiException.invalid("n", "n must be 1 (one completion per request), got " + n);
        }
        List<String> stop = stop(body.get("stop"));
        boolean stream = Json.bool(body, "stream");
        int max = maxTokens == null ? 16 : maxTokens;
        GenerationConfig config;
        try {
            config = new GenerationConfig(max, temperature == null ? 1f : temperature, topK == null ? 0 : topK,
                    topP == null ? 1f : topP, penalty == null ? 1f : penalty, Set.of(), stop,
                    seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 48));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage().replace("max_new_tokens", "max_tokens");
            String param = message.startsWith("stop") ? "stop" : message.split(" ", 2)[0];
            throw ApiException.invalid(param, message);
        }
        checkLength(prompt, max);
        return new Parsed(new GenerationRequest(prompt, config), adapter, stream);
    }

    private void checkLength(long[] prompt, int maxTokens) {
        Decoder d = completer.decoder();
        long needed = (d.promptSharesPositions() ? prompt.length : 0) + (long) maxTokens;
        if (needed > d.maxLength()) {
            String param = d.promptSharesPositions() && prompt.length >= d.maxLength() ? "prompt"
                    : d.promptSharesPositions() ? "prompt" : "max_tokens";
            throw ApiException.invalid(param, "prompt (" + prompt.length + " tokens) + max_tokens (" + maxTokens + ") = "
                    + needed + " exceeds the model's limit of " + d.maxLength() + " tokens");
        }
    }

    private long[] prompt(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiException.invalid("prompt", "prompt is required");
        }
        long[] ids;
        if (node.isTextual()) {
            if (completer.tokenizer() == null) {
                throw ApiException.invalid("prompt", "this model has no tokenizer.json; send prompt as an array of token ids");
            }
            ids = completer.tokenizer().encode(node.asText()).ids();
            ModelRoutes.checkVocabulary(ids, completer.decoder().vocabSize(), "prompt", "the prompt");
        } else if (node.isArray() && node.size() > 0 && node.get(0).isTextual()) {
            throw ApiException.invalid("prompt", "prompt must be one string or an array of token ids; one completion per request");
        } else if (node.isArray()) {
            ids = new long[node.size()];
            int vocab = completer.decoder().vocabSize();
            for (int i = 0; i < ids.length; i++) {
                JsonNode t = node.get(i);
                if (!t.isIntegralNumber() || t.longValue() < 0 || t.longValue() >= vocab) {
                    throw ApiException.invalid("prompt", "prompt[" + i + "] must be a token id in [0, " + (vocab - 1) + "], got " + t);
                }
                ids[i] = t.longValue();
            }
        } else {
            throw ApiException.invalid("prompt", "prompt must be a string or an array of token ids, got " + Json.kind(node));
        }
        if (ids.length == 0) {
            throw ApiException.invalid("prompt", "prompt must hold at least one token");
        }
        return ids;
    }

    private List<String> stop(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray() && node.size() <= MAX_STOP_STRINGS) {
            for (JsonNode s : node) {
                if (!s.isTextual()) {
                    throw ApiException.invalid("stop", "stop must be a string or an array of strings");
                }
                out.add(s.asText());
            }
        } else {
            throw ApiException.invalid("stop", "stop must be a string or an array of at most " + MAX_STOP_STRINGS + " strings");
        }
        if (!out.isEmpty() && completer.tokenizer() == null) {
            throw ApiException.invalid("stop", "stop strings need a tokenizer.json beside the model");
        }
        return out;
    }

    static ArrayNode ids(long[] ids) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (long id : ids) {
            a.add(id);
        }
        return a;
    }
}
