package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.build.BuildFixtures;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records shorter than their type from the kernel: short_execs.bpf.c submits, as execsnoop does,
 * the fixed part of its event and only the used bytes of {@code char args[256]}, through a perf
 * buffer or a ring buffer. {@code run --json} decodes every one, the arguments whole. The exec is
 * the test's own child's, made before the run is stopped, and stopping drains the streams.
 */
@KernelTest
class ShortRecordsKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void toolchain() {
        BuildFixtures.assumeToolchain();
    }

    @Test
    void perfBufferRecordsOfTheUsedLengthDecodeWhole() throws Exception {
        assertExecDecoded(false);
    }

    @Test
    void ringBufferRecordsOfTheUsedLengthDecodeWhole() throws Exception {
        assertExecDecoded(true);
    }

    private static void assertExecDecoded(boolean ringBuffer) throws Exception {
        long self = ProcessHandle.current().pid();
        CliRun run = CliRun.json(RunFixtures.packageFile("short_execs").toString(), "--param", "parent=" + self,
                "--param", "use_ringbuf=" + ringBuffer);
        Process child;
        try (run) {
            run.awaitAttached();
            child = new ProcessBuilder("/bin/echo", "short", "records").start();
            child.waitFor();
        }
        // The JVM starts children through jspawnhelper, which then execs /bin/echo under the same pid.
        // Without its container: echo has exited by the time its event is decoded, or not, so the
        // host finds its container ("host", left out) or no longer can ("unknown"); not this test's subject.
        List<JsonNode> echo = run.rows().stream().filter(r -> r.path("pid").asLong() == child.pid()
                && r.path("args").asText().startsWith("/bin/echo"))
                .map(r -> (JsonNode) ((ObjectNode) r.deepCopy()).without("container")).toList();
        JsonNode expected = JSON.readTree("""
                {"pid": %d, "ppid": %d, "args_count": 3, "args_size": 24, "args": "/bin/echo short records"}
                """.formatted(child.pid(), self));
        assertEquals(List.of(expected), echo, run::describe);
        assertFalse(run.err().contains("undecodable"), run::describe);
    }
}
