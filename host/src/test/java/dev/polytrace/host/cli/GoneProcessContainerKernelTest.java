package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.container.DockerLikeCgroup;
import dev.polytrace.host.container.ExitedProcesses;
import dev.polytrace.host.pkg.EunomiaFixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tracer that reports processes by pid alone (libbpf-bootstrap's exec/exit tracer, as an
 * eunomia package) names the container of a short-lived process, which has usually exited and
 * been reaped before its events are read (ExitedProcessesKernelTest covers that case alone), and
 * the exit recorder it needed is gone when the run ends.
 */
@KernelTest
class GoneProcessContainerKernelTest {
    @Test
    void theExecAndExitOfAShortLivedProcessInAContainerNameIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("package.json");
        new ObjectMapper().writeValue(file.toFile(), EunomiaFixtures.generate("exec_events", "event"));
        try (DockerLikeCgroup cgroup = new DockerLikeCgroup()) {
            CliRun run = CliRun.json(file.toString()).awaitAttached();
            int shell;
            try {
                // loaded on a thread of its own right after the attach, so as not to delay the first events
                run.await("the exit recorder attached", ExitedProcesses::isRecording);
                // The shell's child, born in the cgroup, runs /bin/true: no event of it came before.
                shell = cgroup.runAndReap("/bin/true; exit 0");
                run.awaitOut("the exit of the shell's child", s -> s.lines().anyMatch(
                        l -> l.contains("\"ppid\":" + shell + ",") && l.contains("\"exit_event\":true")));
            } finally {
                run.stop();
            }
            List<JsonNode> rows = run.rows().stream().filter(r -> r.path("ppid").asInt() == shell).toList();
            assertEquals(2, rows.size(), run::describe); // the child's exec of /bin/true and its exit
            assertEquals("/bin/true", rows.get(0).path("filename").asText(), rows.get(0)::toString);
            for (JsonNode row : rows) {
                assertEquals(cgroup.containerId, row.path("container").path("id").asText(), row::toString);
                assertEquals("docker", row.path("container").path("runtime").asText(), row::toString);
            }
        }
        assertFalse(ExitedProcesses.isRecording(), "detached with the run");
    }
}
