package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest
class ProfileTest {
    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.PERF_EVENT);
    }

    /**
     * Two copies of the workload: one spinning in user space, one in system calls. They stay alive
     * until the run has printed, so that their user frames can be symbolized at the end.
     */
    @Test
    void foldedStacksNameTheBurningFunctionAndKernelFrames(@TempDir Path dir) throws IOException {
        Path binary = Workloads.compileWorkload(dir);
        Process burner = Workloads.startWorkload(binary, "burn");
        Process syscaller = Workloads.startWorkload(binary, "kernel");
        try {
            TracerRun run = TracerRun.start("profile", Duration.ofSeconds(2), "--param", "target_comm=workload",
                    "--attach", "do_sample.frequency=199");
            run.assertExitedCleanly();
            List<JsonNode> rows = run.rows();
            assertTrue(rows.stream().allMatch(r -> r.path("stack").asText().startsWith("workload;")),
                    () -> "only the workload's stacks, comm first" + run.describe());
            JsonNode burning = rows.stream().filter(r -> r.path("stack").asText().endsWith(";main;polytrace_burn_cpu"))
                    .findFirst().orElseThrow(() -> new AssertionError("main calling the burner" + run.describe()));
            assertTrue(burning.path("count").asLong() >= 10, () -> "about 199 samples a second: " + burning);
            // libc's syscall() keeps no frame pointer, so its caller may be missing from the user part
            assertTrue(rows.stream().anyMatch(r -> r.path("stack").asText().matches("workload;.*;main;.*sys_getppid_\\[k\\].*")),
                    () -> "the kernel's getppid under the workload's main" + run.describe());
        } finally {
            Workloads.stopWorkload(burner);
            Workloads.stopWorkload(syscaller);
        }
    }
}
