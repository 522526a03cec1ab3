package dev.graft.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.generate.GenerationRequest;
import dev.graft.core.generate.GenerationResult;
import dev.graft.core.generate.TokenListener;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * One streamed completion: Server-Sent Events {@code data: {chunk}} per text piece, a last chunk with
 * the finish reason, then {@code data: [DONE]}. A failure after the stream began arrives as
 * {@code event: error} with the usual error body.
 *
 * <p>Text is decoded from all tokens so far and only the new suffix is sent, so multi-byte characters
 * split across byte-level tokens arrive whole; text that could still become a stop string is held
 * back until it cannot.
 */
final class CompletionStream {
    private static final Object DONE = new Object();

    private final Completer completer;
    private final Context ctx;
    private final String id;
    private final String model;
    private final int holdBack;
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private long[] tokens = new long[16];
    private int count;
    private int sent;

    CompletionStream(Completer completer, Context ctx, String id, String model, GenerationRequest request) {
        this.completer = completer;
        this.ctx = ctx;
        this.id = id;
        this.model = model;
        this.holdBack = request.config().stopStrings().stream().mapToInt(String::length).max().orElse(1) - 1;
    }

    /** Submits through {@code submit} (which may refuse with a 429 before anything is sent), then streams. */
    void run(Function<TokenListener, CompletableFuture<GenerationResult>> submit) {
        CompletableFuture<GenerationResult> future = submit.apply((row, token) -> events.add(token));
        future.whenComplete((r, e) -> events.add(DONE));
        ctx.res().setStatus(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setCharacterEncoding("utf-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        try {
            OutputStream out = ctx.res().getOutputStream();
            while (true) {
                Object ev = events.take();
                if (ev == DONE) {
                    break;
                }
                append((Long) ev);
                String text = completer.decode(Arrays.copyOf(tokens, count));
                String piece = text == null ? "" : stable(text);
                send(out, chunk(piece, null, (Long) ev));
            }
            try {
                GenerationResult r = future.join();
                String text = r.text() == null ? "" : r.text();
                String rest = text.length() > sent ? text.substring(sent) : "";
                send(out, chunk(rest, r.finishReason().name().toLowerCase(Locale.ROOT), null));
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                ObjectNode err = cause instanceof ApiException
                        ? Json.error(cause.getMessage(), ((ApiException) cause).type(), ((ApiException) cause).param())
                        : Json.error("generation failed: " + cause.getMessage(), "server_error", null);
                out.write(("event: error\ndata: " + Json.write(err) + "\n\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        } catch (IOException e) {
            // The client went away; the worker finishes the row and its tokens are dropped.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void append(long token) {
        if (count == tokens.length) {
            tokens = Arrays.copyOf(tokens, count * 2);
        }
        tokens[count++] = token;
    }

    /** The new text that is safe to send: not a partial character, not a possible stop-string prefix. */
    private String stable(String text) {
        int end = text.length() - holdBack;
        while (end > sent && text.charAt(end - 1) == '\uFFFD') {
            end--;
        }
        if (end <= sent) {
            return "";
        }
        String piece = text.substring(sent, end);
        sent = end;
        return piece;
    }

    private ObjectNode chunk(String text, String finishReason, Long token) {
        ObjectNode c = CompletionRoutes.header(id, model);
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("text", text).put("index", 0).putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (token != null) {
            choice.put("token_id", token);
        }
        return c;
    }

    private static void send(OutputStream out, ObjectNode chunk) throws IOException {
        out.write(("data: " + Json.write(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
