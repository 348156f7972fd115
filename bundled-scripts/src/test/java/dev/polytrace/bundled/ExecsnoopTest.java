package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@KernelTest
class ExecsnoopTest {
    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TRACEPOINT);
    }

    @Test
    void reportsSuccessfulAndFailedExecsOfOurChildren() {
        String marker = "polytrace-" + UUID.randomUUID();
        Set<Long> children = ConcurrentHashMap.newKeySet();
        try (TracerRun run = TracerRun.start("execsnoop", Duration.ofSeconds(3),
                "--param", "target_ppid=" + Workloads.ownPid())) {
            JsonNode ok = run.expectRecord("for /bin/true " + marker,
                    r -> r.path("args").asText().equals("/bin/true " + marker + " second-arg"),
                    () -> children.add(Workloads.start("/bin/true", marker, "second-arg").pid()));
            assertEquals("true", ok.path("pcomm").asText());
            assertTrue(children.contains(ok.path("pid").asLong()), () -> "pid of a child we started: " + ok);
            assertEquals(Workloads.ownPid(), ok.path("ppid").asInt());
            assertEquals(0, ok.path("ret").asInt());

            String missing = "/nonexistent/" + marker;
            JsonNode failed = run.expectRecord("for the missing " + missing,
                    r -> r.path("args").asText().startsWith(missing), () -> startMissing(missing));
            assertEquals(-2, failed.path("ret").asInt(), () -> "ENOENT: " + failed);
        }
    }

    private static void startMissing(String path) {
        try {
            new ProcessBuilder(path).start();
        } catch (java.io.IOException expected) {
            // the exec failed in the child, as intended
        }
    }
}
