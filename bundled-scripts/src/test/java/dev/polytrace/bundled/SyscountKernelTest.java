package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies of the workload in "getppid N" mode, blocked in read() before the run attaches: once
 * told "go", each makes N getppid() calls and writes "done", so that exactly N + 2 of its system
 * calls return while traced (the read that got "go", the calls, the write), and the run stops
 * when each is blocked in read() again.
 */
@KernelTest
class SyscountKernelTest {
    private static final int CALLS = 2000;

    @TempDir
    static Path dir;
    private static Path binary;

    @BeforeAll
    static void workload() throws IOException {
        KernelHooks.assume(AttachKind.TRACEPOINT);
        binary = Workloads.compileWorkload(dir);
    }

    /**
     * With latency, a call is counted only when the run saw it start: the read that was waiting
     * for "go" is not, the getppid() calls and the write are.
     */
    @Test
    void countsEachSyscallByNameWithLatency() {
        try (Workload w = Workload.start(binary, "getppid", CALLS)) {
            w.awaitBlockedInRead();
            CliRun run = CliRun.json("syscount", "--param", "target_pid=" + w.pid(), "--param", "latency=true",
                    "--param", "top=400");
            try (run) {
                run.awaitAttached();
                w.go();
                w.awaitDone();
            }
            Map<String, Long> counts = new TreeMap<>();
            run.rows().forEach(r -> counts.put(r.path("syscall").asText(), r.path("count").asLong()));
            assertEquals(Map.of("getppid", (long) CALLS, "write", 1L), counts, run::describe);
            JsonNode getppid = run.rows().stream().filter(r -> r.path("syscall").asText().equals("getppid")).findFirst()
                    .orElseThrow();
            assertTrue(getppid.path("time_us").asLong() > 0, () -> "time spent: " + getppid);
        }
    }

    /** Seven copies making 1..7 times CALLS calls: the five busiest, busiest first, and nothing else. */
    @Test
    void countsPerProcessTopN() {
        String comm = Workloads.comm(binary);
        List<Workload> copies = new ArrayList<>();
        try {
            for (int i = 1; i <= 7; i++) {
                copies.add(Workload.start(binary, "getppid", i * CALLS).awaitBlockedInRead());
            }
            CliRun run = CliRun.json("syscount", "--param", "by_process=true", "--param", "target_comm=" + comm,
                    "--param", "top=5");
            try (run) {
                run.awaitAttached();
                copies.forEach(Workload::go);
                copies.forEach(Workload::awaitDone);
            }
            List<JsonNode> rows = run.rows();
            assertEquals(5, rows.size(), () -> "top 5 processes" + run.describe());
            for (int rank = 0; rank < 5; rank++) {
                Workload expected = copies.get(6 - rank);
                JsonNode row = rows.get(rank);
                int calls = (7 - rank) * CALLS;
                assertEquals(expected.pid(), row.path("pid").asLong(), () -> "the copy making " + calls + " calls: "
                        + run.describe());
                assertEquals(comm, row.path("comm").asText());
                assertEquals(calls + 2, row.path("count").asLong(), () -> "its calls, the read and the write: " + row);
            }
        } finally {
            copies.forEach(Workload::close);
        }
    }
}
