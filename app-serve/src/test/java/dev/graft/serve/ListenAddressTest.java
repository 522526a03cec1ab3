package dev.graft.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graft.core.engine.DeviceChoice;
import java.io.IOException;
import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

/** The reason a bind failed, read from the cause Javalin wraps in "Port already in use" whatever it is. */
class ListenAddressTest {
    @Test
    void explainsEachBindFailureFromItsCause() {
        assertThat(ListenAddress.failure("127.0.0.1", 8080, new IOException("Failed to bind to /127.0.0.1:8080",
                new BindException("Address already in use")))).hasMessage("cannot listen on 127.0.0.1:8080: port 8080 is already"
                + " in use by another process: stop that process, pick another --port, or use --port 0 for a free one");
        assertThat(ListenAddress.failure("10.1.2.3", 80, new IOException("Failed to bind",
                new BindException("Cannot assign requested address")))).hasMessageStartingWith(
                "cannot listen on 10.1.2.3:80: --host 10.1.2.3 is not an address of this machine");
        assertThat(ListenAddress.failure("nowhere", 0, new IOException("Failed to bind", new UnresolvedAddressException())))
                .hasMessageStartingWith("cannot listen on nowhere:0: --host nowhere does not resolve to an address");
        assertThat(ListenAddress.failure("::1", 80, new BindException("Permission denied")))
                .hasMessageStartingWith("cannot listen on [::1]:80: permission denied (ports below 1024 need privileges)");
    }

    @Test
    void serverStartRefusesAnAddressOfAnotherMachineBeforeLoadingTheModel() {
        ServeConfig config = new ServeConfig(TestModels.classifier(), null, "192.0.2.1", 0, 32, 5, 256, null, DeviceChoice.CPU,
                ServeConfig.AdapterBatching.MIXED);
        assertThatThrownBy(() -> Server.start(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--host 192.0.2.1 is not an address of this machine");
    }

    @Test
    void acceptsLoopbackTheWildcardAndLocalhost() {
        for (String host : new String[] {"127.0.0.1", "::1", "localhost", "0.0.0.0"}) {
            assertThat(ListenAddress.local(host)).as(host).isNotNull();
        }
    }
}
