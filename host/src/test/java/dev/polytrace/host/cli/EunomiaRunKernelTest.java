package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.pkg.EunomiaFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An eunomia-bpf package.json runs as ecli runs it: same params, same decoded fields. */
@KernelTest
class EunomiaRunKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void runsAnEunomiaPackageWithItsCmdargParamAndDecodesExportTypes(@TempDir Path dir) throws Exception {
        ObjectNode pkg = EunomiaFixtures.generate("exec_events", "event");
        EunomiaFixtures.variable(pkg, "ignore_exit").putObject("cmdarg").put("long", "ignore-exit")
                .put("help", "do not report exits");
        Path file = dir.resolve("package.json");
        JSON.writeValue(file.toFile(), pkg);

        BackgroundCli run = BackgroundCli.start("run", file.toString(), "--json", "--param", "ignore-exit=true")
                .awaitAttached();
        Process child = new ProcessBuilder("/bin/true").start();
        child.waitFor();
        run.awaitOut("the exec of /bin/true by our child", s -> s.contains("\"filename\":\"/bin/true\"")
                && s.contains("\"pid\":" + child.pid()));
        assertEquals(0, run.stop(), run.err());
        JsonNode event = run.out().lines().filter(l -> l.contains("\"filename\":\"/bin/true\""))
                .map(EunomiaRunKernelTest::parse).filter(n -> n.path("pid").asLong() == child.pid())
                .findFirst().orElseThrow();
        // export_types[0] = struct event: every field, in order, decoded like ecli (bool as true/false)
        assertEquals(java.util.List.of("pid", "ppid", "exit_code", "duration_ns", "comm", "filename", "exit_event"),
                iterableToList(event.fieldNames()));
        assertEquals(false, event.get("exit_event").asBoolean());
        assertEquals(ProcessHandle.current().pid(), event.get("ppid").asLong());
        assertTrue(run.out().lines().noneMatch(l -> l.contains("\"exit_event\":true")),
                "--param ignore-exit=true (the cmdarg flag) reached the program: " + run.out());
    }

    private static java.util.List<String> iterableToList(java.util.Iterator<String> it) {
        java.util.List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
