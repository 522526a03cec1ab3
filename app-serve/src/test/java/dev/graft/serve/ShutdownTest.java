package dev.graft.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** SIGTERM to a child JVM running {@code graft serve}: requests in flight finish, then exit status 0. */
class ShutdownTest {
    @Test
    @EnabledOnOs(OS.LINUX)
    void sigtermFinishesRequestsInFlightAndExitsZero() throws Exception {
        Path model = TestModels.generator();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A long batch delay keeps the requests queued in the server when the signal arrives.
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-DOPT_OUT_TRACKING=true", ServeMain.class.getName(), "--model", model.toString(), "--port", "0",
                "--device", "cpu", "--max-batch-delay-ms", "3000", "--max-batch-size", "64");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String url = null;
        List<String> lines = new ArrayList<>();
        while (url == null) {
            String line = out.readLine();
            if (line == null) {
                break;
            }
            lines.add(line);
            Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(line);
            if (m.find()) {
                url = m.group(1);
            }
        }
        if (url == null) {
            p.destroyForcibly();
        }
        assertThat(url).as("child output: %s", lines).isNotNull();
        String base = url;
        CompletableFuture<Void> rest = CompletableFuture.runAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // child gone
            }
        });
        List<CompletableFuture<Http.Reply>> inFlight = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String body = "{\"prompt\": \"The cat sleeps\", \"max_tokens\": 20, \"temperature\": 0, \"stream\": " + (i % 2 == 0) + "}";
            inFlight.add(CompletableFuture.supplyAsync(() -> Http.post(base + "/v1/completions", body)));
        }
        // Wait until all four are in the server (the batch delay holds them), the scrape itself being the
        // fifth request in flight. Then signal (kill, not Process.destroy, which closes our end of the pipes).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Http.get(base + "/metrics").body().contains("graft_requests_in_flight 5.0") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor()).isZero();
        for (CompletableFuture<Http.Reply> f : inFlight) {
            Http.Reply r = f.get(60, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).containsAnyOf("\"finish_reason\":\"length\"", "\"finish_reason\":\"stop\"");
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        rest.get(10, TimeUnit.SECONDS);
        assertThat(p.exitValue()).as("exit status; output %s", lines).isZero();
        assertThat(lines).anyMatch(l -> l.contains("graft serve: stopped"));
    }
}
