package dev.polytrace.host.script;

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

/**
 * A test main class run in a JVM of its own (a small heap, the launcher's stack size): what it
 * prints as {@code key=value} lines comes back as a map, with {@code done} present when it got to
 * the end, plus {@code exit} and the tail of its {@code output}.
 */
final class ForkedJvm {
    private static final long LIMIT_SECONDS = 240;

    private ForkedJvm() {
    }

    static Map<String, String> run(Class<?> main, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Dpolyglot.engine.WarnInterpreterOnly=false"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        // Its output goes to a file, so that a JVM that does not end cannot hold up the wait below.
        Path output = Files.createTempFile("polytrace-forked-", ".out");
        output.toFile().deleteOnExit();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
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
