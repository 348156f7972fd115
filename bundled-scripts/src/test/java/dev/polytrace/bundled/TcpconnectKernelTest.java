package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@KernelTest
class TcpconnectKernelTest {
    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TRACEPOINT);
    }

    /** connect() moves the socket to SYN_SENT in this JVM's call, which has returned before the run stops. */
    @Test
    void ipv4AndIpv6ConnectsWithAddressesAndPorts() throws IOException {
        CliRun run = CliRun.json("tcpconnect", "--param", "target_pid=" + Workloads.ownPid());
        try (Loopback v4 = Loopback.ipv4(); Loopback v6 = Loopback.ipv6()) {
            try (run) {
                run.awaitAttached();
                v4.connectAndClose(0);
                v6.connectAndClose(0);
            }
            JsonNode c4 = only(run, v4.port());
            assertEquals(4, c4.path("ip").asInt());
            assertEquals("127.0.0.1", c4.path("daddr").asText());
            assertEquals("127.0.0.1", c4.path("saddr").asText());
            assertEquals(Workloads.ownPid(), c4.path("pid").asInt());

            JsonNode c6 = only(run, v6.port());
            assertEquals(6, c6.path("ip").asInt());
            assertEquals("::1", c6.path("daddr").asText());
            assertEquals("::1", c6.path("saddr").asText());
            assertEquals(Workloads.ownPid(), c6.path("pid").asInt());
        }
    }

    private static JsonNode only(CliRun run, int port) {
        List<JsonNode> rows = run.rows().stream().filter(r -> r.path("dport").asInt() == port).toList();
        assertEquals(1, rows.size(), () -> "one connect to port " + port + run.describe());
        return rows.get(0);
    }
}
