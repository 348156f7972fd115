package dev.polytrace.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest
class PythonTracerTest {
    @Test
    void countsGetppidCallsPerCommand(@TempDir Path dir) throws Exception {
        Path pkg = Samples.build("python-tracer", "percomm.bpf.c", "percomm.py", dir);
        String comm = Samples.threadComm();
        try (CliRun run = CliRun.start(pkg.toString(), Duration.ofSeconds(2), "--param", "target_pid=" + Samples.ownPid())) {
            // only this process is traced, so every count is of this thread or another of this JVM
            JsonNode row = run.expect("counting " + comm,
                    r -> comm.equals(r.path("comm").asText()) && r.path("count").asInt() >= 5, Samples::getppid);
            assertTrue(run.records().stream().filter(r -> r.has("comm")).allMatch(r -> r.path("count").asInt() > 0),
                    run::describe);
            assertTrue(row.path("count").isIntegralNumber(), row::toString);
        }
    }
}
