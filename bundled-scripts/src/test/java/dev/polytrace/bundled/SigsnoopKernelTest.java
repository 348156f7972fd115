package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@KernelTest
class SigsnoopKernelTest {
    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.TRACEPOINT);
    }

    /** The signal is generated in this JVM's kill() call, which has returned before the run stops. */
    @Test
    void namesTheSignalSenderAndTarget() {
        long target;
        CliRun run = CliRun.json("sigsnoop", "--param", "target_pid=" + Workloads.ownPid(),
                "--param", "target_signal=15");
        try (run) {
            run.awaitAttached();
            Process child = Workloads.start("sleep", "30");
            target = child.pid();
            child.destroy(); // SIGTERM, sent by this JVM
            Workloads.waitFor(child);
        }
        List<JsonNode> signals = run.rows().stream().filter(r -> r.path("tpid").asLong() == target).toList();
        assertEquals(1, signals.size(), () -> "one SIGTERM to the sleep child " + target + run.describe());
        JsonNode signal = signals.get(0);
        assertEquals("SIGTERM", signal.path("sig").asText());
        assertEquals(Workloads.ownPid(), signal.path("pid").asInt());
        assertEquals("delivered", signal.path("result").asText());
    }
}
