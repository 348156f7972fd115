package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@KernelTest
class ExitsnoopTest {
    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TRACEPOINT);
    }

    @Test
    void reportsExitCodeSignalAndLifetime() {
        Set<Long> exited = ConcurrentHashMap.newKeySet();
        Set<Long> killed = ConcurrentHashMap.newKeySet();
        try (TracerRun run = TracerRun.start("exitsnoop", Duration.ofSeconds(3), "--param", "target_comm=sh")) {
            JsonNode code = run.expectRecord("for sh exiting with code 3 after 0.3 s",
                    r -> exited.contains(r.path("pid").asLong()),
                    () -> {
                        Process p = Workloads.start("sh", "-c", "sleep 0.3; exit 3");
                        exited.add(p.pid());
                        Workloads.waitFor(p);
                    });
            assertEquals("code 3", code.path("exit_code").asText());
            assertEquals("sh", code.path("pcomm").asText());
            assertEquals(Workloads.ownPid(), code.path("ppid").asInt());
            assertEquals(code.path("pid").asLong(), code.path("tid").asLong());
            double age = code.path("age_s").asDouble();
            assertTrue(age >= 0.25 && age < 30, () -> "lifetime of about 0.3 s: " + code);

            JsonNode signal = run.expectRecord("for sh killed by SIGKILL", r -> killed.contains(r.path("pid").asLong()),
                    () -> {
                        Process p = Workloads.start("sh", "-c", "kill -KILL $$");
                        killed.add(p.pid());
                        Workloads.waitFor(p);
                    });
            assertEquals("signal 9 (KILL)", signal.path("exit_code").asText());
        }
    }
}
