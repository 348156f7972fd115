package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XDP on an interface of the test's own (see {@link VethPair}), which receives the datagrams the
 * test sends and no other UDP. Frames reach XDP after the sender returned (in a softirq), so the
 * run stops once it printed as many as were sent; then the totals must be exact.
 */
@KernelTest
class PktcountKernelTest {
    private static final int DATAGRAMS = 20;
    /** Ethernet, IP and UDP headers and the 9 bytes of "polytrace". */
    private static final int IPV4_FRAME = 14 + 20 + 8 + 9;
    private static final int IPV6_FRAME = 14 + 40 + 8 + 9;

    @TempDir
    static Path dir;
    private static Path binary;
    private static VethPair link;

    @BeforeAll
    static void privateLink() throws IOException {
        KernelHooks.assume(AttachKind.XDP);
        binary = Workloads.compileWorkload(dir);
        link = VethPair.create();
    }

    @AfterAll
    static void removeLink() {
        if (link != null) {
            link.close();
        }
    }

    @Test
    void countsUdpOverIpv4AndIpv6() {
        CliRun run = CliRun.json("pktcount", "--attach", "count_packets.iface=" + link.near());
        try (run) {
            run.awaitAttached();
            link.sendDatagrams(binary, VethPair.PEER_IPV4, DATAGRAMS);
            link.sendDatagrams(binary, VethPair.PEER_IPV6, DATAGRAMS);
            run.awaitRecords(DATAGRAMS + " datagrams of each",
                    rows -> total(rows, "IPv4/UDP", "packets") >= DATAGRAMS && total(rows, "IPv6/UDP", "packets") >= DATAGRAMS);
        }
        List<JsonNode> rows = run.rows();
        assertEquals(DATAGRAMS, total(rows, "IPv4/UDP", "packets"), run::describe);
        assertEquals(DATAGRAMS * IPV4_FRAME, total(rows, "IPv4/UDP", "bytes"), run::describe);
        assertEquals(DATAGRAMS, total(rows, "IPv6/UDP", "packets"), run::describe);
        assertEquals(DATAGRAMS * IPV6_FRAME, total(rows, "IPv6/UDP", "bytes"), run::describe);
    }

    /** Rows count what arrived since the previous print: the sum of {@code field} over every row of {@code protocol}. */
    private static long total(List<JsonNode> rows, String protocol, String field) {
        return rows.stream().filter(r -> r.path("protocol").asText().equals(protocol))
                .mapToLong(r -> r.path(field).asLong()).sum();
    }
}
