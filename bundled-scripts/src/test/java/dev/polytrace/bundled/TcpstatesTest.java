package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@KernelTest
class TcpstatesTest {
    private static final long HOLD_MS = 80;

    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TRACEPOINT);
    }

    @Test
    void transitionsWithAddressesPortsAndTimeInState() throws IOException {
        try (Loopback v4 = Loopback.ipv4(); Loopback v6 = Loopback.ipv6();
             TracerRun run = TracerRun.start("tcpstates", Duration.ofSeconds(3))) {
            assertConnection(run, v4, "127.0.0.1");
            assertConnection(run, v6, "::1");
        }
    }

    /** The client side: SYN_SENT -> ESTABLISHED, ESTABLISHED held for HOLD_MS, then its active close. */
    private static void assertConnection(TracerRun run, Loopback server, String address) {
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        JsonNode closing = run.expectRecord("for a whole connection to " + address + ":" + server.port(),
                r -> clientPorts.contains(r.path("lport").asInt()) && r.path("oldstate").asText().equals("ESTABLISHED")
                        && established(run, r.path("lport").asInt()),
                () -> clientPorts.add(server.connectAndClose(HOLD_MS)));
        assertEquals("FIN_WAIT1", closing.path("newstate").asText());
        assertEquals(address, closing.path("laddr").asText());
        assertEquals(address, closing.path("raddr").asText());
        assertEquals(server.port(), closing.path("rport").asInt());
        assertEquals(address.contains(":") ? 6 : 4, closing.path("ip").asInt());
        assertTrue(closing.path("ms").asDouble() >= HOLD_MS * 0.9, () -> "about " + HOLD_MS + " ms in ESTABLISHED: "
                + closing);
    }

    /** Whether the run saw the client on {@code port} become ESTABLISHED (so its time in that state is known). */
    private static boolean established(TracerRun run, int port) {
        return run.records().stream().anyMatch(r -> r.path("lport").asInt() == port
                && r.path("oldstate").asText().equals("SYN_SENT") && r.path("newstate").asText().equals("ESTABLISHED"));
    }
}
