package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest
class ProfileKernelTest {
    private static final int HZ = 199;
    /**
     * CPU time each workload gets while sampled: about HZ samples of it. Some 5% of the system
     * caller's samples are inside getppid itself (the rest is the way in and out of the kernel).
     */
    private static final Duration ON_CPU = Duration.ofSeconds(1);
    private static final Duration HANG_GUARD = Duration.ofMinutes(5);

    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.PERF_EVENT);
    }

    /**
     * Two copies of the workload: one spinning in user space, one in system calls. The run stops
     * once each has had ON_CPU of CPU time while sampled; they are paused (SIGSTOP) first, so that
     * they keep their memory maps for the symbolization at the end and leave the CPUs to it.
     */
    @Test
    void foldedStacksNameTheBurningFunctionAndKernelFrames(@TempDir Path dir) throws IOException {
        Path binary = Workloads.compileWorkload(dir);
        String comm = Workloads.comm(binary);
        try (Workload burner = Workload.start(binary, "burn"); Workload syscaller = Workload.start(binary, "kernel")) {
            CliRun run = CliRun.json("profile", "--param", "target_comm=" + comm,
                    "--attach", "do_sample.frequency=" + HZ);
            try (run) {
                run.awaitAttached();
                Duration burnerFrom = burner.cpuTime();
                Duration syscallerFrom = syscaller.cpuTime();
                awaitCpuTime(burner, burnerFrom.plus(ON_CPU));
                awaitCpuTime(syscaller, syscallerFrom.plus(ON_CPU));
                burner.pause();
                syscaller.pause();
            }
            List<JsonNode> rows = run.rows();
            for (JsonNode r : rows) {
                assertEquals(comm, r.path("stack").asText().split(";")[0], () -> "only the workloads' stacks, comm first: " + r);
            }
            long burning = rows.stream().filter(r -> r.path("stack").asText().endsWith(";main;polytrace_burn_cpu"))
                    .mapToLong(r -> r.path("count").asLong()).sum();
            assertTrue(burning >= HZ / 10, () -> "about " + HZ + " samples of main calling the burner: " + burning
                    + run.describe());
            // libc's syscall() keeps no frame pointer, so its caller may be missing from the user part
            assertTrue(rows.stream().anyMatch(r -> r.path("stack").asText()
                    .matches(comm + ";.*;main;.*sys_getppid_\\[k\\].*")),
                    () -> "the kernel's getppid under the workload's main" + run.describe());
        }
    }

    /** Waits until {@code w} has used {@code total} of CPU time (a spinning process gets there). */
    private static void awaitCpuTime(Workload w, Duration total) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (w.cpuTime().compareTo(total) < 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("workload " + w.pid() + " got no CPU time in " + HANG_GUARD);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
