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

    /** The workload stays alive (spinning) until the run has printed, so its frames can be symbolized. */
    @Test
    void foldedStacksNameTheBurningFunction(@TempDir Path dir) throws IOException {
        Path binary = Workloads.compileWorkload(dir);
        Process burner = Workloads.startWorkload(binary, "burn");
        try {
            TracerRun run = TracerRun.start("profile", Duration.ofSeconds(2), "--param", "target_pid=" + burner.pid(),
                    "--attach", "do_sample.frequency=199");
            run.assertExitedCleanly();
            List<JsonNode> rows = run.rows();
            assertTrue(!rows.isEmpty(), () -> "some samples" + run.describe());
            JsonNode top = rows.get(0);
            String stack = top.path("stack").asText();
            assertTrue(stack.startsWith("workload;"), () -> "comm first: " + stack);
            assertTrue(stack.contains(";main;polytrace_burn_cpu"), () -> "main calling the burner: " + run.describe());
            assertTrue(top.path("count").asLong() >= 10, () -> "about 199 samples a second: " + top);
            assertTrue(rows.stream().allMatch(r -> r.path("stack").asText().startsWith("workload;")),
                    () -> "only the chosen process" + run.describe());
        } finally {
            Workloads.stopWorkload(burner);
        }
    }
}
