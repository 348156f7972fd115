package dev.polytrace.host.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choice of JVM: without JVMCI and the Graal jars only for a command that runs no
 * handler for sure; anything that may run one, or that it cannot tell, keeps the Graal JIT.
 * Its own bash functions, taken from {@code ./polytrace}, run on the arguments a user types.
 */
class LauncherJitChoiceTest {
    private static String functions;

    @TempDir
    Path dir;

    @BeforeAll
    static void readLauncher() throws IOException {
        String launcher = Files.readString(Path.of("..", "polytrace"), StandardCharsets.UTF_8);
        functions = function(launcher, "runs_no_guest_code") + function(launcher, "run_without_handler");
    }

    @Test
    void aLocalPackageWithoutHandlerRunsOnAPlainJvm() throws Exception {
        Files.writeString(dir.resolve("plain.tracer.json"), "{\"name\": \"plain\", \"object\": \"AAAA\"}");
        assertEquals("plain", choice("run", "plain.tracer.json", "--json"));
        assertEquals("plain", choice("run", "-p", "pid=1", "plain.tracer.json", "-d", "1s"));
        assertEquals("plain", choice("inspect", "plain.tracer.json"));
        assertEquals("plain", choice("list"));
    }

    @Test
    void aHandlerOrAnUnknownPackageKeepsTheGraalJit() throws Exception {
        Files.writeString(dir.resolve("plain.tracer.json"), "{\"name\": \"plain\"}");
        Files.writeString(dir.resolve("scripted.tracer.json"), "{\"name\": \"s\", \"handler\": {\"language\": \"js\"}}");
        Files.writeString(dir.resolve("out.json"), "{}");
        assertEquals("graal", choice("run", "scripted.tracer.json"));
        assertEquals("graal", choice("run", "plain.tracer.json", "--handler", "h.js"));
        assertEquals("graal", choice("run", "plain.tracer.json", "--handler=h.py"));
        assertEquals("graal", choice("run", "execsnoop")); // bundled: may have a handler
        assertEquals("graal", choice("run", "-")); // stdin
        assertEquals("graal", choice("run", "https://example.org/x.tracer.json"));
        assertEquals("graal", choice("run", "-o", "out.json", "execsnoop")); // an output file is no package
        assertEquals("graal", choice("run", "missing.tracer.json"));
        for (String command : List.of("serve", "repl", "doctor", "")) {
            assertEquals("graal", choice(command), command);
        }
    }

    private String choice(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "set -euo pipefail\n" + functions
                + "if runs_no_guest_code \"$@\"; then echo plain; else echo graal; fi\n", "launcher"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("bash failed: " + out);
        }
        return out;
    }

    /** The text of bash function NAME in the launcher, from "NAME() {" to the "}" that ends its line. */
    private static String function(String launcher, String name) {
        int start = launcher.indexOf("\n" + name + "() {");
        int end = launcher.indexOf("\n}\n", start);
        if (start < 0 || end < 0) {
            throw new AssertionError("no function " + name + " in ./polytrace");
        }
        return launcher.substring(start + 1, end + 3);
    }
}
