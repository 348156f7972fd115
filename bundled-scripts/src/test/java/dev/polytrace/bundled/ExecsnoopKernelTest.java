package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@KernelTest
class ExecsnoopKernelTest {
    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TRACEPOINT);
    }

    /** Both execs have returned before the run stops: the successful one's process exited, the failed one threw. */
    @Test
    void reportsSuccessfulAndFailedExecsOfOurChildren() {
        String marker = "polytrace-" + UUID.randomUUID();
        String missing = "/nonexistent/" + marker;
        long child;
        CliRun run = CliRun.json("execsnoop", "--param", "target_ppid=" + Workloads.ownPid());
        try (run) {
            run.awaitAttached();
            Process p = Workloads.start("/bin/true", marker, "second-arg");
            child = p.pid();
            assertEquals(0, Workloads.waitFor(p));
            startMissing(missing);
        }
        List<JsonNode> ok = run.rows().stream()
                .filter(r -> r.path("args").asText().equals("/bin/true " + marker + " second-arg")).toList();
        assertEquals(1, ok.size(), () -> "one exec of /bin/true " + marker + run.describe());
        JsonNode exec = ok.get(0);
        assertEquals("true", exec.path("pcomm").asText());
        assertEquals(child, exec.path("pid").asLong(), () -> "the pid of our child: " + exec);
        assertEquals(Workloads.ownPid(), exec.path("ppid").asInt());
        assertEquals(0, exec.path("ret").asInt());

        List<JsonNode> failed = run.rows().stream().filter(r -> r.path("args").asText().startsWith(missing)).toList();
        assertEquals(1, failed.size(), () -> "one exec of " + missing + run.describe());
        assertEquals(-2, failed.get(0).path("ret").asInt(), () -> "ENOENT: " + failed);
    }

    private static void startMissing(String path) {
        try {
            new ProcessBuilder(path).start();
            throw new IllegalStateException(path + " started");
        } catch (java.io.IOException expected) {
            // the exec failed in the child, as intended
        }
    }
}
