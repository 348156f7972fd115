package dev.polytrace.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest
class JsTracerKernelTest {
    private static final int CALLS = 7;

    /**
     * A thread of a name of its own makes CALLS getppid() calls while traced; they have returned,
     * and so are in the ring buffer, before the run stops and drains it.
     */
    @Test
    void numbersEachGetppidCallOfThisProcess(@TempDir Path dir) throws Exception {
        Path pkg = Samples.build("js-tracer", "hello.bpf.c", "hello.js", dir);
        String comm = Samples.uniqueThreadName();
        CliRun run = CliRun.json(pkg.toString(), "--param", "target_pid=" + Samples.ownPid());
        try (run) {
            run.awaitAttached();
            Samples.getppidOnThread(comm, CALLS);
        }
        List<JsonNode> records = run.records();
        assertEquals("calls", records.get(records.size() - 1).path("map").asText(),
                () -> "the calls map printed last, after every event the handler emitted" + run.describe());
        List<JsonNode> rows = run.rows();
        List<JsonNode> ours = rows.stream().filter(r -> comm.equals(r.path("comm").asText())).toList();
        assertEquals(CALLS, ours.size(), () -> "one row per call of " + comm + run.describe());
        ours.forEach(r -> assertEquals(Samples.ownPid(), r.path("pid").asInt(), r::toString));
        // every event of the run numbered once, in order (other threads of this JVM may call too)
        assertEquals(IntStream.rangeClosed(1, rows.size()).boxed().toList(),
                rows.stream().map(r -> r.path("n").asInt()).toList(), run::describe);
    }
}
