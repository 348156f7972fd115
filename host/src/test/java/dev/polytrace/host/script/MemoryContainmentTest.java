package dev.polytrace.host.script;

import static dev.polytrace.host.script.ContainmentTest.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unbounded allocation, in a JVM with a 512 MB heap ({@link AllocationBomb}): the allocating
 * handler is stopped with a clear message (by the {@link HeapGuard}, or by its own out-of-memory
 * error) and its context closed, freeing what it held; the feeding thread never fails; a
 * bystander handler in the same JVM keeps handling events without an error, and a new context
 * can be built afterwards.
 */
class MemoryContainmentTest {
    @ParameterizedTest
    @ValueSource(strings = {"bomb.js", "bomb.py"})
    void anAllocatingHandlerDiesAndTheHostLives(String bomb) throws IOException, InterruptedException {
        Map<String, String> result = fork(bomb);
        assertEquals("", result.getOrDefault("done", "missing"), result::toString);
        assertMatches(bomb.replace(".", "\\.") + "(:\\d+)?: .*(out of memory|MemoryError|heap was \\d+% full).*handler stopped.*",
                result.get("bomb.stopCause"));
        assertEquals(null, result.get("uncaught"), result::toString);
        assertEquals("0", result.get("bystander.errors"), result::toString);
        assertEquals(result.get("bystander.sent"), result.get("bystander.handled"), "every event the bystander was sent, "
                + "during the bomb and after: " + result);
        assertEquals("1", result.get("fresh.state"), result::toString);
    }

    private static Map<String, String> fork(String bomb) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-Dpolyglot.engine.WarnInterpreterOnly=false"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), AllocationBomb.class.getName(), bomb));
        // Its output goes to a file, so that a JVM that does not end cannot hold up the wait below.
        Path output = Files.createTempFile("polytrace-allocation-bomb-", ".out");
        output.toFile().deleteOnExit();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = p.waitFor(240, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(ended, () -> "the forked JVM did not finish: " + out);
        Map<String, String> result = new LinkedHashMap<>();
        out.lines().forEach(line -> {
            int eq = line.indexOf('=');
            if (eq > 0) {
                result.put(line.substring(0, eq), line.substring(eq + 1));
            } else if (line.equals("done")) {
                result.put("done", "");
            }
        });
        result.put("exit", Integer.toString(p.exitValue()));
        result.put("output", out.length() > 4000 ? out.substring(out.length() - 4000) : out);
        return result;
    }
}
