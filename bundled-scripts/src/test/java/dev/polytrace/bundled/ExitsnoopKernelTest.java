package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@KernelTest
class ExitsnoopKernelTest {
    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TRACEPOINT);
    }

    /** Each child has exited (and so passed the exit tracepoint) before the run stops. */
    @Test
    void reportsExitCodeSignalAndLifetime() {
        long exited;
        long killed;
        double observed;
        CliRun run = CliRun.json("exitsnoop", "--param", "target_comm=sh");
        try (run) {
            run.awaitAttached();
            long before = System.nanoTime();
            Process p = Workloads.start("sh", "-c", "sleep 0.3; exit 3");
            exited = p.pid();
            assertEquals(3, Workloads.waitFor(p));
            observed = (System.nanoTime() - before) / 1e9;
            Process k = Workloads.start("sh", "-c", "kill -KILL $$");
            killed = k.pid();
            assertEquals(128 + 9, Workloads.waitFor(k));
        }
        JsonNode code = only(run, exited);
        assertEquals("code 3", code.path("exit_code").asText());
        assertEquals("sh", code.path("pcomm").asText());
        assertEquals(Workloads.ownPid(), code.path("ppid").asInt());
        assertEquals(code.path("pid").asLong(), code.path("tid").asLong());
        double age = code.path("age_s").asDouble();
        // from its fork, after `before`, to its exit, before waitFor returned; printed to 0.01 s
        assertTrue(age >= 0.3 && age <= observed + 0.005, () -> "a lifetime of 0.3 s to " + observed + " s: " + code);

        assertEquals("signal 9 (KILL)", only(run, killed).path("exit_code").asText());
    }

    private static JsonNode only(CliRun run, long pid) {
        List<JsonNode> rows = run.rows().stream().filter(r -> r.path("pid").asLong() == pid).toList();
        assertEquals(1, rows.size(), () -> "one exit of " + pid + run.describe());
        return rows.get(0);
    }
}
