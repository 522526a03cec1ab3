package dev.graft.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft serve} refuses what it cannot listen on, naming host and port, before or instead of serving. */
@Timeout(120)
class ServeCommandTest {
    private static CommandRun serve(String... args) {
        return CommandRun.of(new ServeCommand(), "serve", args);
    }

    @Test
    void aHostThatDoesNotResolveIsAUsageErrorNamingIt() {
        CommandRun r = serve("--model", TestModels.classifier().toString(), "--device", "cpu", "--port", "0", "--host", "999.1.1.1");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--host 999.1.1.1 is neither an IP address nor a host name that resolves: use 127.0.0.1"
                + " (loopback) or an address of one of this machine's interfaces").doesNotContain("Port already in use");
    }

    @Test
    void aHostOfAnotherMachineIsAUsageErrorNamingIt() {
        // 192.0.2.0/24 is reserved for documentation (RFC 5737): no machine has it.
        CommandRun r = serve("--model", TestModels.classifier().toString(), "--device", "cpu", "--port", "0", "--host", "192.0.2.1");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--host 192.0.2.1 is not an address of this machine, so the server cannot listen on it")
                .doesNotContain("Port already in use");
    }

    @Test
    void aBusyPortIsReportedWithHostAndPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            CommandRun r = serve("--model", TestModels.classifier().toString(), "--device", "cpu", "--port", Integer.toString(port));
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("graft serve: error: cannot listen on 127.0.0.1:" + port + ": port " + port
                    + " is already in use by another process: stop that process, pick another --port, or use --port 0 for a free one");
        }
    }

    @Test
    void aFileAsModelIsNamedAsAFile(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("model.txt"), "not a model");
        CommandRun r = serve("--model", file.toString(), "--device", "cpu", "--port", "0");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--model " + file + " is a file, not a directory: name the model directory");
    }
}
