package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@KernelTest
class SyscountTest {
    private static final int CALLS = 2000;

    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TRACEPOINT);
    }

    @Test
    void countsEachSyscallByNameWithLatency() {
        TracerRun run = TracerRun.start("syscount", Duration.ofSeconds(2), "--param", "target_pid=" + Workloads.ownPid(),
                "--param", "latency=true", "--param", "top=400");
        run.runUntilExit(() -> Triggers.getppid(CALLS));
        List<JsonNode> rows = run.rows();
        JsonNode getppid = rows.stream().filter(r -> r.path("syscall").asText().equals("getppid")).findFirst()
                .orElseThrow(() -> new AssertionError("no getppid row" + run.describe()));
        assertTrue(getppid.path("count").asLong() >= CALLS, () -> "at least one round of calls: " + getppid);
        assertTrue(getppid.path("time_us").asLong() > 0, () -> "time spent: " + getppid);
        assertTrue(rows.stream().noneMatch(r -> r.path("syscall").asText().startsWith("syscall_")),
                () -> "every syscall named" + run.describe());
    }

    @Test
    void countsPerProcessTopN() {
        TracerRun run = TracerRun.start("syscount", Duration.ofSeconds(2), "--param", "by_process=true",
                "--param", "top=5");
        run.runUntilExit(() -> Triggers.getppid(20 * CALLS));
        List<JsonNode> rows = run.rows();
        assertTrue(rows.size() <= 5 && !rows.isEmpty(), () -> "top 5 processes" + run.describe());
        JsonNode us = rows.stream().filter(r -> r.path("pid").asInt() == Workloads.ownPid()).findFirst()
                .orElseThrow(() -> new AssertionError("this busy JVM among the top 5" + run.describe()));
        assertTrue(!us.path("comm").asText().isEmpty(), () -> "the process's command name: " + us);
        assertTrue(us.path("count").asLong() >= 20 * CALLS, () -> "our calls counted: " + us);
    }
}
