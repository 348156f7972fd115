package dev.polytrace.host.script;

import static dev.polytrace.host.script.ContainmentTest.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRunner;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code polytrace run PKG --handler FILE}: the CLI as a user runs it, on the real kernel. */
@KernelTest
class RunWithHandlerKernelTest {
    @TempDir
    Path dir;

    @AfterEach
    void noHandlerThreadLeft() {
        Bystanders.assertNoHandlerThreadsLeft();
    }

    @Test
    void aHandlerGivenOnTheCommandLineEmitsJsonLines() throws IOException {
        Path pkg = write(ExecTracer.pkg());
        Path handler = ExecTracer.resource("exec.js");
        Result r = runWhileExecing(pkg, "--handler", handler.toString(), "--json");
        assertEquals(0, r.cli.exitCode(), r.cli::err);
        long execsOfTrue = emittedPids(r).stream().filter(pid -> r.cli.out().contains("{\"pid\":" + pid
                + ",\"ppid\":" + ProcessHandle.current().pid() + ",\"comm\":\"true\",\"filename\":\"/bin/true\"}"))
                .distinct().count();
        assertTrue(execsOfTrue >= 3, r.cli::out);
        assertTrue(r.cli.err().contains("tracing children of " + ProcessHandle.current().pid()), r.cli::err);
    }

    @Test
    void aWarmUpRunsBeforeAttachingAndNoneOfItsEventsReachTheOutput() throws IOException {
        Path pkg = write(ExecTracer.pkg());
        Path handler = ExecTracer.resource("exec.js");
        Result r = runWhileExecing(pkg, "--handler", handler.toString(), "--json", "--warm-up", "1s");
        assertEquals(0, r.cli.exitCode(), r.cli::err);
        assertMatches("(?s)polytrace: warmed up the js handler: [1-9][\\d,]* synthetic events in \\d+\\.\\d s(; the JIT was still compiling[^\n]*)?\n"
                + "(tracing children of \\d+\n)?polytrace: tracing exec_trace: .*", r.cli.err());
        assertEquals(1, r.cli.err().split("tracing children of", -1).length - 1, "the warm-up's own log is not shown");
        assertTrue(emittedPids(r).size() >= 3); // every record is of a process we started: none is synthetic
    }

    @Test
    void anEmbeddedHandlerRunsByItselfAndTheTableTakesItsColumnsFromTheRecords() throws IOException {
        Path pkg = write(ExecTracer.withHandler("exec.py"));
        Result r = runWhileExecing(pkg);
        assertEquals(0, r.cli.exitCode(), r.cli::err);
        List<String> lines = r.cli.out().lines().toList();
        assertMatches("TIME\\s+PID\\s+PPID\\s+COMM\\s+FILENAME\\s*", lines.get(0));
        long rows = lines.stream().skip(1)
                .filter(l -> l.matches(".*\\b\\d+\\s+" + ProcessHandle.current().pid() + "\\s+true\\s+/bin/true\\s*"))
                .count();
        assertTrue(rows >= 3, r.cli::out); // besides those of jspawnhelper, which the JDK starts /bin/true with
    }

    @Test
    void handlerErrorsAreSummedUpInOneLineAtExit() throws IOException {
        Path pkg = write(ExecTracer.pkg());
        Path handler = dir.resolve("execsnoop.js");
        Files.writeString(handler, "export function onEvent(event, ctx) {\n  event.nothing.here = 1;\n}\n");
        Result r = runWhileExecing(pkg, "--handler", handler.toString());
        assertEquals(0, r.cli.exitCode(), r.cli::err);
        assertMatches("(?s).*polytrace: \\d+ handler errors \\(first: execsnoop\\.js:2: "
                + "TypeError: Cannot set property 'here' of undefined\\)\n", r.cli.err());
        assertEquals("", r.cli.out(), "no events are printed unless the handler emits them");
    }

    @Test
    void handlerTimeoutFromTheCommandLine() throws IOException {
        Path pkg = write(ExecTracer.pkg());
        Path handler = dir.resolve("spin.py");
        Files.writeString(handler, "def on_event(event, ctx):\n    while True:\n        pass\n");
        Result r = runWhileExecing(pkg, "--handler", handler.toString(), "--handler-timeout", "100ms");
        assertMatches("(?s).*polytrace: \\d+ handler errors, \\d+ timeouts \\(first: spin\\.py:\\d+: on_event ran "
                + "longer than 100 ms and was interrupted\\).*", r.cli.err());
    }

    @Test
    void aHandlerWhoseInitFailsStopsTheRunWithOneLine() throws IOException {
        Path pkg = write(ExecTracer.pkg());
        Path handler = dir.resolve("bad_init.js");
        Files.writeString(handler, "export function init(ctx) {\n  ctx.maps.nosuchmap.get(1);\n}\n");
        CliRunner cli = CliRunner.run("run", pkg.toString(), "--handler", handler.toString(), "-d", "5s");
        assertNotEquals(0, cli.exitCode());
        assertMatches("(?s)polytrace: handler init failed: bad_init\\.js:2: .*nosuchmap.*", cli.err().strip());
    }

    @Test
    void anUnknownHandlerLanguageIsRefused() throws IOException {
        Path pkg = write(ExecTracer.pkg());
        Path handler = dir.resolve("handler.rb");
        Files.writeString(handler, "puts 1");
        CliRunner cli = CliRunner.run("run", pkg.toString(), "--handler", handler.toString());
        assertNotEquals(0, cli.exitCode());
        assertTrue(cli.err().contains("--handler " + handler + ": use a .js, .mjs or .py file"), cli::err);
    }

    private Path write(TracerPackage pkg) throws IOException {
        Path file = dir.resolve("exec_trace.tracer.json");
        Files.write(file, PackageWriter.write(pkg));
        return file;
    }

    private record Result(CliRunner cli, List<Long> pids) {
    }

    /**
     * Runs the CLI for a few seconds while /bin/true runs every 300 ms, so some execs fall after
     * the handler has started (a first Python context takes seconds; the warm-up makes it rarer).
     */
    private static Result runWhileExecing(Path pkg, String... extra) {
        String ppid = "target_ppid=" + ProcessHandle.current().pid();
        List<String> args = new java.util.ArrayList<>(List.of("run", pkg.toString(), "-p", ppid, "-d", "6s"));
        args.addAll(List.of(extra));
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        CompletableFuture<List<Long>> pids = CompletableFuture.supplyAsync(() -> {
            List<Long> started = new java.util.ArrayList<>();
            while (running.get()) {
                HandlerLifecycleTest.sleep(300);
                started.addAll(ExecTracer.runTrue(1));
            }
            return started;
        });
        CliRunner cli = CliRunner.run(args.toArray(String[]::new));
        running.set(false);
        return new Result(cli, pids.join());
    }

    /** Pids of the records in JSON Lines output, all of which must be ours. */
    private static List<Long> emittedPids(Result r) {
        List<Long> seen = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\"pid\":(\\d+),").matcher(r.cli.out());
        while (m.find()) {
            seen.add(Long.parseLong(m.group(1)));
        }
        assertTrue(r.pids.containsAll(seen), () -> "records of processes we did not start: " + seen);
        assertTrue(seen.size() >= 3, () -> "too few execs seen: " + r.cli.out() + r.cli.err());
        return seen;
    }

    @BeforeAll
    static void warmUpPython() {
        HandlerHarness.start("warmup.py", "def on_event(e, ctx):\n    pass\n", HandlerHarness.patientOptions()).close();
    }
}
