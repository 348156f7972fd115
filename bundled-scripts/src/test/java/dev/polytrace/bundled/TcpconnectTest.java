package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@KernelTest
class TcpconnectTest {
    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TRACEPOINT);
    }

    @Test
    void ipv4AndIpv6ConnectsWithAddressesAndPorts() throws IOException {
        try (Loopback v4 = Loopback.ipv4(); Loopback v6 = Loopback.ipv6();
             TracerRun run = TracerRun.start("tcpconnect", Duration.ofSeconds(3),
                     "--param", "target_pid=" + Workloads.ownPid())) {
            JsonNode c4 = run.expectRecord("for 127.0.0.1:" + v4.port(), r -> r.path("dport").asInt() == v4.port(),
                    () -> v4.connectAndClose(0));
            assertEquals(4, c4.path("ip").asInt());
            assertEquals("127.0.0.1", c4.path("daddr").asText());
            assertEquals("127.0.0.1", c4.path("saddr").asText());
            assertEquals(Workloads.ownPid(), c4.path("pid").asInt());

            JsonNode c6 = run.expectRecord("for [::1]:" + v6.port(), r -> r.path("dport").asInt() == v6.port(),
                    () -> v6.connectAndClose(0));
            assertEquals(6, c6.path("ip").asInt());
            assertEquals("::1", c6.path("daddr").asText());
            assertEquals("::1", c6.path("saddr").asText());
        }
    }
}
