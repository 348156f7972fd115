package dev.polytrace.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest
class JsTracerTest {
    @Test
    void numbersEachGetppidCallOfThisProcess(@TempDir Path dir) throws Exception {
        Path pkg = Samples.build("js-tracer", "hello.bpf.c", "hello.js", dir);
        String comm = Samples.threadComm();
        try (CliRun run = CliRun.start(pkg.toString(), Duration.ofSeconds(2), "--param", "target_pid=" + Samples.ownPid())) {
            JsonNode first = run.expect("from " + comm, r -> comm.equals(r.path("comm").asText()), Samples::getppid);
            assertEquals(Samples.ownPid(), first.path("pid").asInt());
            assertTrue(first.path("n").asInt() >= 1, first::toString);
            JsonNode later = run.expect("numbered after " + first, r -> r.path("n").asInt() > first.path("n").asInt(),
                    Samples::getppid);
            assertEquals(Samples.ownPid(), later.path("pid").asInt());
        }
    }
}
