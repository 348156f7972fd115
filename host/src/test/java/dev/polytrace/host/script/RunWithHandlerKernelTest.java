package dev.polytrace.host.script;

import static dev.polytrace.host.script.ContainmentTest.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code polytrace run PKG --handler FILE}: the CLI as a user runs it, on the real kernel. Each run
 * is waited for until attached, sees exactly {@link #EXECS} runs of /bin/true, and is stopped as
 * Ctrl-C stops it once their records (or errors) are out.
 */
@KernelTest
class RunWithHandlerKernelTest {
    private static final int EXECS = 3;
    private static final long PID = ProcessHandle.current().pid();

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
        Result r = runWhileExecing(pkg, RunWithHandlerKernelTest::jsonRecordsOfAll, "--handler", handler.toString(),
                "--json");
        assertEquals(0, r.exitCode, r.err);
        assertEquals(Set.copyOf(r.pids), jsonRecordsOfTrue(r.out), "one record per exec of /bin/true: " + r.out);
        assertTrue(r.pids.containsAll(emittedPids(r.out)), () -> "records of processes we did not start: " + r.out);
        assertTrue(r.err.contains("tracing children of " + PID), r.err);
    }

    @Test
    void aWarmUpRunsBeforeAttachingAndNoneOfItsEventsReachTheOutput() throws IOException {
        Path pkg = write(ExecTracer.pkg());
        Path handler = ExecTracer.resource("exec.js");
        Result r = runWhileExecing(pkg, RunWithHandlerKernelTest::jsonRecordsOfAll, "--handler", handler.toString(),
                "--json", "--warm-up", "1s");
        assertEquals(0, r.exitCode, r.err);
        assertMatches("(?s)polytrace: warmed up the js handler: [1-9][\\d,]* synthetic events in \\d+\\.\\d s(; the JIT was still compiling[^\n]*)?\n"
                + "(tracing children of \\d+\n)?polytrace: tracing exec_trace: .*", r.err);
        assertEquals(1, r.err.split("tracing children of", -1).length - 1, "the warm-up's own log is not shown");
        // every record is of a process we started: none is synthetic
        assertTrue(r.pids.containsAll(emittedPids(r.out)), () -> "records of processes we did not start: " + r.out);
        assertEquals(Set.copyOf(r.pids), jsonRecordsOfTrue(r.out), r.out);
    }

    @Test
    void anEmbeddedHandlerRunsByItselfAndTheTableTakesItsColumnsFromTheRecords() throws IOException {
        Path pkg = write(ExecTracer.withHandler("exec.py"));
        Result r = runWhileExecing(pkg, (run, pids) -> tableRowsOfTrue(run.out(), pids) == pids.size());
        assertEquals(0, r.exitCode, r.err);
        List<String> lines = r.out.lines().toList();
        assertMatches("TIME\\s+PID\\s+PPID\\s+COMM\\s+FILENAME\\s*", lines.get(0));
        // one row per exec of /bin/true, besides those of jspawnhelper, which the JDK starts it with
        assertEquals(EXECS, tableRowsOfTrue(r.out, r.pids), r.out);
    }

    @Test
    void handlerErrorsAreSummedUpInOneLineAtExit() throws IOException {
        Path pkg = write(ExecTracer.pkg());
        Path handler = dir.resolve("execsnoop.js");
        Files.writeString(handler, "export function onEvent(event, ctx) {\n  event.nothing.here = 1;\n}\n");
        Result r = runWhileExecing(pkg, (run, pids) -> run.err().contains("error: execsnoop.js:2: TypeError"),
                "--handler", handler.toString());
        assertEquals(0, r.exitCode, r.err);
        assertMatches("(?s).*polytrace: \\d+ handler errors? \\(first: execsnoop\\.js:2: "
                + "TypeError: Cannot set property 'here' of undefined\\)\n", r.err);
        assertEquals("", r.out, "no events are printed unless the handler emits them");
    }

    @Test
    void handlerTimeoutFromTheCommandLine() throws IOException {
        Path pkg = write(ExecTracer.pkg());
        Path handler = dir.resolve("spin.py");
        Files.writeString(handler, "def on_event(event, ctx):\n    while True:\n        pass\n");
        Result r = runWhileExecing(pkg, (run, pids) -> run.err().contains("on_event ran longer than 100 ms"),
                "--handler", handler.toString(), "--handler-timeout", "100ms");
        assertMatches("(?s).*polytrace: \\d+ handler errors?, \\d+ timeouts? \\(first: spin\\.py:\\d+: on_event ran "
                + "longer than 100 ms and was interrupted\\).*", r.err);
    }

    @Test
    void aHandlerWhoseInitFailsStopsTheRunWithOneLine() throws IOException {
        Path pkg = write(ExecTracer.pkg());
        Path handler = dir.resolve("bad_init.js");
        Files.writeString(handler, "export function init(ctx) {\n  ctx.maps.nosuchmap.get(1);\n}\n");
        CliRun cli = CliRun.run("run", pkg.toString(), "--handler", handler.toString(), "-d", "5s");
        assertNotEquals(0, cli.exitCode());
        assertMatches("(?s)polytrace: handler init failed: bad_init\\.js:2: .*nosuchmap.*", cli.err().strip());
    }

    @Test
    void anUnknownHandlerLanguageIsRefused() throws IOException {
        Path pkg = write(ExecTracer.pkg());
        Path handler = dir.resolve("handler.rb");
        Files.writeString(handler, "puts 1");
        CliRun cli = CliRun.run("run", pkg.toString(), "--handler", handler.toString());
        assertNotEquals(0, cli.exitCode());
        assertTrue(cli.err().contains("--handler " + handler + ": use a .js, .mjs or .py file"), cli::err);
    }

    private Path write(TracerPackage pkg) throws IOException {
        Path file = dir.resolve("exec_trace.tracer.json");
        Files.write(file, PackageWriter.write(pkg));
        return file;
    }

    private record Result(int exitCode, String out, String err, List<Long> pids) {
    }

    /**
     * Runs the CLI until it is attached (with the handler started), then /bin/true {@link #EXECS}
     * times; once {@code seen} holds for the run and their pids, stops it as Ctrl-C would.
     */
    private static Result runWhileExecing(Path pkg, BiPredicate<CliRun, List<Long>> seen, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", pkg.toString(), "-p", "target_ppid=" + PID));
        args.addAll(List.of(extra));
        try (CliRun run = CliRun.start(args.toArray(String[]::new))) {
            run.awaitAttached();
            List<Long> pids = execsOnTheirOwnThread();
            run.await("what the test waits for after the execs of " + pids, () -> seen.test(run, pids));
            int exitCode = run.stopWithExitCode();
            return new Result(exitCode, run.out(), run.err(), pids);
        }
    }

    /** {@link #EXECS} runs of /bin/true, one after the other, on a thread of their own; their pids. */
    private static List<Long> execsOnTheirOwnThread() {
        CompletableFuture<List<Long>> pids = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                pids.complete(ExecTracer.runTrue(EXECS));
            } catch (Throwable t) {
                pids.completeExceptionally(t);
            }
        }, "test-execs");
        thread.setDaemon(true);
        thread.start();
        try {
            return pids.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("/bin/true did not run " + EXECS + " times", e);
        }
    }

    /** Whether the JSON Lines output has a record of each of {@code pids} running /bin/true. */
    private static boolean jsonRecordsOfAll(CliRun run, List<Long> pids) {
        return jsonRecordsOfTrue(run.out()).containsAll(pids);
    }

    /** The pids of the JSON Lines records of a child of this JVM running /bin/true. */
    private static Set<Long> jsonRecordsOfTrue(String out) {
        Set<Long> pids = new TreeSet<>();
        Matcher m = Pattern.compile("\\{\"pid\":(\\d+),\"ppid\":" + PID
                + ",\"comm\":\"true\",\"filename\":\"/bin/true\"(,\"container\":\\{[^}]*})?}").matcher(out);
        while (m.find()) {
            pids.add(Long.parseLong(m.group(1)));
        }
        return pids;
    }

    /** Pids of all records in JSON Lines output. */
    private static List<Long> emittedPids(String out) {
        List<Long> seen = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\"pid\":(\\d+),").matcher(out);
        while (m.find()) {
            seen.add(Long.parseLong(m.group(1)));
        }
        return seen;
    }

    /** Table rows of one of {@code pids}, a child of this JVM, running /bin/true. */
    private static long tableRowsOfTrue(String out, List<Long> pids) {
        return out.lines().filter(l -> pids.stream().anyMatch(pid -> l.matches(".*\\b" + pid + "\\s+" + PID
                + "\\s+true\\s+/bin/true\\s*"))).count();
    }

    @BeforeAll
    static void warmUpPython() {
        HandlerHarness.start("warmup.py", "def on_event(e, ctx):\n    pass\n", HandlerHarness.patientOptions()).close();
    }
}
