package dev.polytrace.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest
class PythonTracerKernelTest {
    private static final int CALLS = 12;

    /**
     * A thread of a name of its own makes CALLS getppid() calls while traced. The handler prints
     * its running totals every 5 events and every interval, so the run stops once a row shows all
     * of them; no row may show more.
     */
    @Test
    void countsGetppidCallsPerCommand(@TempDir Path dir) throws Exception {
        Path pkg = Samples.build("python-tracer", "percomm.bpf.c", "percomm.py", dir);
        String comm = Samples.uniqueThreadName();
        CliRun run = CliRun.json(pkg.toString(), "--param", "target_pid=" + Samples.ownPid());
        try (run) {
            run.awaitAttached();
            Samples.getppidOnThread(comm, CALLS);
            run.awaitRecord("counting " + CALLS + " calls of " + comm,
                    r -> comm.equals(r.path("comm").asText()) && r.path("count").asInt() == CALLS);
        }
        List<Integer> counts = run.records().stream().filter(r -> comm.equals(r.path("comm").asText()))
                .map(r -> r.path("count").asInt()).toList();
        assertTrue(counts.stream().allMatch(c -> c >= 1 && c <= CALLS), () -> "running totals of " + comm + ": " + counts);
        assertEquals(counts.stream().sorted().toList(), counts, () -> "totals only grow: " + counts);
    }
}
