package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.system.StartPriority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POLYTRACE_STARTUP_TRACE, the breakdown of a start (bench/run startup prints it): a run in a JVM
 * of its own names each step once, in the order a start takes them, at times that only grow.
 */
@KernelTest
class StartupTraceKernelTest {
    private static final Pattern STEP = Pattern.compile("^polytrace: startup +(\\d+) ms  (.+?)(?: +cpu .*)?$");

    @BeforeAll
    static void toolchain() {
        BuildFixtures.assumeToolchain();
    }

    @Test
    void aRunWithoutHandlerNamesItsStepsInOrderFromTheLaunchersStart() throws Exception {
        long now = System.currentTimeMillis() * 1000;
        ForkedCli run = ForkedCli.run(List.of("env", "POLYTRACE_STARTUP_TRACE=1", "POLYTRACE_LAUNCHED_AT=" + now,
                "POLYTRACE_EXEC_AT=" + now), List.of(), "run", RunFixtures.packageFile("execs").toString(), "--json",
                "--duration", "100ms");
        assertEquals(0, run.exitCode(), run.output());
        List<String> steps = steps(run.output());
        assertEquals(List.of("launcher done, JVM exec'd", "main() entered", "command line parsed", "package read",
                "object opened (libbpf bound)", "object loaded (verifier passed)", "attached", "running"),
                steps.stream().filter(step -> !step.startsWith("compiler threads")).toList(), run.output());
        // On its own thread from main() on, the JIT compilers at the lowest priority until the run is up.
        int own = StartPriority.ownNice();
        List<String> priority = List.of("compiler threads at nice 19", "compiler threads at nice " + own + " again");
        if (StartPriority.active() && own < 19) {
            assertInOrder(steps, List.of("main() entered", priority.get(0), "running", priority.get(1)));
        } else {
            assertFalse(steps.stream().anyMatch(step -> step.startsWith("compiler threads")), run.output());
        }
    }

    @Test
    void aRunWithAHandlerAlsoNamesTheHandlersSteps() throws Exception {
        Path handler = Files.createTempFile("startup-trace", ".js");
        try {
            Files.writeString(handler, "export function onEvent(event, ctx) { ctx.emit({pid: event.pid}); }\n");
            ForkedCli run = ForkedCli.run(List.of("env", "POLYTRACE_STARTUP_TRACE=1"), List.of(), "run",
                    RunFixtures.packageFile("execs").toString(), "--json", "--duration", "100ms",
                    "--handler", handler.toString());
            assertEquals(0, run.exitCode(), run.output());
            List<String> steps = steps(run.output());
            // The handler's language starts from main() on (EarlyStarts), beside the command line,
            // the package and the kernel side: the orders interleave, each keeps its own.
            assertInOrder(steps, List.of("main() entered", "command line parsed", "package read",
                    "running (handler's init done)"));
            assertInOrder(steps, List.of("main() entered", "js engine built", "handler context started",
                    "handler dispatch loop defined", "handler loaded (module evaluated)", "running (handler's init done)"));
            assertInOrder(steps, List.of("package read", "object opened (libbpf bound)",
                    "object loaded (verifier passed)", "attached", "running (handler's init done)"));
        } finally {
            Files.deleteIfExists(handler);
        }
    }

    @Test
    void withoutTheVariableNothingIsTraced() throws Exception {
        ForkedCli run = ForkedCli.run(List.of("env", "-u", "POLYTRACE_STARTUP_TRACE"), List.of(), "run",
                RunFixtures.packageFile("execs").toString(), "--json", "--duration", "100ms");
        assertEquals(0, run.exitCode(), run.output());
        assertFalse(run.output().contains("polytrace: startup"), run.output());
    }

    /** The steps named, each once, after checking that their times never go back. */
    private static List<String> steps(String output) {
        List<String> steps = new ArrayList<>();
        long last = -1;
        for (String line : output.lines().toList()) {
            Matcher m = STEP.matcher(line);
            if (m.matches()) {
                long ms = Long.parseLong(m.group(1));
                assertTrue(ms >= last, "time went back at: " + line + "\n" + output);
                last = ms;
                String step = m.group(2).strip();
                assertFalse(steps.contains(step), "named twice: " + line + "\n" + output);
                steps.add(step);
            }
        }
        return steps;
    }

    private static void assertInOrder(List<String> steps, List<String> expected) {
        assertEquals(expected, steps.stream().filter(expected::contains).toList(), String.join("\n", steps));
    }
}
