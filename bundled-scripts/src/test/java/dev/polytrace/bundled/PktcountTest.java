package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@KernelTest
class PktcountTest {
    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.XDP);
    }

    @Test
    void countsUdpOverIpv4AndIpv6OnLoopback() {
        try (TracerRun run = TracerRun.start("pktcount", Duration.ofSeconds(3), "--attach", "count_packets.iface=lo")) {
            JsonNode v4 = run.expectRecord("for IPv4/UDP", r -> r.path("protocol").asText().equals("IPv4/UDP"),
                    () -> Loopback.sendDatagrams("127.0.0.1", 20));
            assertTrue(v4.path("packets").asLong() >= 1
                            && v4.path("bytes").asLong() >= v4.path("packets").asLong() * (14 + 20 + 8 + 9),
                    () -> "ethernet + IPv4 + UDP + payload per packet: " + v4);
            JsonNode v6 = run.expectRecord("for IPv6/UDP", r -> r.path("protocol").asText().equals("IPv6/UDP"),
                    () -> Loopback.sendDatagrams("::1", 20));
            assertTrue(v6.path("bytes").asLong() >= v6.path("packets").asLong() * (14 + 40 + 8 + 9),
                    () -> "ethernet + IPv6 + UDP + payload per packet: " + v6);
        }
    }
}
