package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@KernelTest
class SigsnoopTest {
    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TRACEPOINT);
    }

    @Test
    void namesTheSignalSenderAndTarget() {
        Set<Long> targets = ConcurrentHashMap.newKeySet();
        try (TracerRun run = TracerRun.start("sigsnoop", Duration.ofSeconds(3),
                "--param", "target_pid=" + Workloads.ownPid(), "--param", "target_signal=15")) {
            JsonNode signal = run.expectRecord("for SIGTERM to a sleep child",
                    r -> targets.contains(r.path("tpid").asLong()),
                    () -> {
                        Process child = Workloads.start("sleep", "30");
                        targets.add(child.pid());
                        child.destroy(); // SIGTERM, sent by this JVM
                        Workloads.waitFor(child);
                    });
            assertEquals("SIGTERM", signal.path("sig").asText());
            assertEquals(Workloads.ownPid(), signal.path("pid").asInt());
            assertEquals("delivered", signal.path("result").asText());
        }
    }
}
