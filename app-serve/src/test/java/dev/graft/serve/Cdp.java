package dev.graft.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the DevTools protocol (JDK WebSocket, no extra library): navigate,
 * evaluate, screenshot. Used rather than {@code --dump-dom}, whose virtual time stops a streamed
 * response after its first chunk.
 */
final class Cdp implements AutoCloseable {
    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    Cdp(String chromium) throws Exception {
        Path profile = Files.createTempDirectory("graft-chromium");
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                "--window-size=900,820", "--hide-scrollbars", "about:blank"));
        process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String browserWs = null;
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String line = err.readLine(); line != null && System.nanoTime() < deadline; line = err.readLine()) {
            seen.add(line);
            if (line.startsWith("DevTools listening on ")) {
                browserWs = line.substring("DevTools listening on ".length()).trim();
                break;
            }
        }
        if (browserWs == null) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not report its DevTools address: " + seen);
        }
        Thread drain = new Thread(() -> {
            try {
                err.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException e) {
                // chromium exited
            }
        });
        drain.setDaemon(true);
        drain.start();
        URI ws = URI.create(browserWs);
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = Http.JSON.readTree(http.send(HttpRequest.newBuilder(
                URI.create("http://" + ws.getHost() + ":" + ws.getPort() + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
        String page = null;
        for (JsonNode t : targets) {
            if (t.get("type").asText().equals("page")) {
                page = t.get("webSocketDebuggerUrl").asText();
            }
        }
        if (page == null) {
            throw new IllegalStateException("chromium has no page target: " + targets);
        }
        socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Listener()).get(30, TimeUnit.SECONDS);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                try {
                    JsonNode msg = Http.JSON.readTree(buffer.toString());
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    }
                } catch (java.io.IOException e) {
                    // not ours to handle
                }
                buffer.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode msg = Http.JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params == null ? Http.JSON.createObjectNode() : params);
        socket.sendText(Http.JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = f.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + ": " + reply.get("error"));
        }
        return reply.get("result");
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", Http.JSON.createObjectNode().put("url", url));
    }

    String eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Http.JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
        JsonNode v = r.get("result").get("value");
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Polls {@code expression} until it yields {@code expected} (or 30 s pass); returns the last value. */
    String waitFor(String expression, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String v = null;
        while (System.nanoTime() < deadline) {
            v = eval(expression);
            if (expected.equals(v)) {
                break;
            }
            Thread.sleep(50);
        }
        return v;
    }

    void screenshot(Path file) throws Exception {
        JsonNode r = call("Page.captureScreenshot", Http.JSON.createObjectNode().put("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(r.get("data").asText()));
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (RuntimeException e) {
            // closing anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
