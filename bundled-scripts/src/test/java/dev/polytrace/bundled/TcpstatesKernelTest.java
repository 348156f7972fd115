package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One connection to a server of the test's own, traced by the server's port (the client
 * socket's remote port) and the address family: no other socket can show up. The client's
 * transitions up to its active close happen in this JVM's connect() and close() calls, which
 * have returned before the run stops.
 */
@KernelTest
class TcpstatesKernelTest {
    private static final long HOLD_MS = 80;

    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TRACEPOINT);
    }

    @Test
    void ipv4ConnectionWithAddressesPortsAndTimeInState() throws IOException {
        try (Loopback server = Loopback.ipv4()) {
            assertConnection(server, "127.0.0.1", 4);
        }
    }

    @Test
    void ipv6ConnectionWithAddressesPortsAndTimeInState() throws IOException {
        try (Loopback server = Loopback.ipv6()) {
            assertConnection(server, "::1", 6);
        }
    }

    /** The client side: CLOSE -> SYN_SENT -> ESTABLISHED, held for HOLD_MS, then its active close. */
    private static void assertConnection(Loopback server, String address, int ip) {
        int clientPort;
        CliRun run = CliRun.json("tcpstates", "--param", "target_dport=" + server.port(),
                "--param", "ip_version=" + ip);
        try (run) {
            run.awaitAttached();
            clientPort = server.connectAndClose(HOLD_MS);
        }
        List<JsonNode> rows = run.rows();
        List<JsonNode> established = rows.stream().filter(r -> r.path("lport").asInt() == clientPort
                && transition(r).equals("SYN_SENT -> ESTABLISHED")).toList();
        assertEquals(1, established.size(), () -> "one client socket on port " + clientPort + run.describe());
        String skaddr = established.get(0).path("skaddr").asText();
        List<JsonNode> socket = rows.stream().filter(r -> r.path("skaddr").asText().equals(skaddr)).toList();
        assertTrue(socket.size() >= 3, () -> "the client socket " + skaddr + "'s transitions" + run.describe());
        assertEquals(List.of("CLOSE -> SYN_SENT", "SYN_SENT -> ESTABLISHED", "ESTABLISHED -> FIN_WAIT1"),
                socket.subList(0, 3).stream().map(TcpstatesKernelTest::transition).toList(), run::describe);

        JsonNode closing = socket.get(2);
        assertEquals(address, closing.path("laddr").asText());
        assertEquals(clientPort, closing.path("lport").asInt());
        assertEquals(address, closing.path("raddr").asText());
        assertEquals(server.port(), closing.path("rport").asInt());
        assertEquals(ip, closing.path("ip").asInt());
        // ESTABLISHED before connect() returned; closed after a sleep of at least HOLD_MS
        assertTrue(closing.path("ms").asDouble() >= HOLD_MS, () -> "at least " + HOLD_MS + " ms in ESTABLISHED: "
                + closing);
    }

    private static String transition(JsonNode r) {
        return r.path("oldstate").asText() + " -> " + r.path("newstate").asText();
    }
}
