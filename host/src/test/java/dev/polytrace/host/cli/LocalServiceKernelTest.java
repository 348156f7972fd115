package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.container.ExitedProcesses;
import dev.polytrace.host.daemon.local.LocalService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code polytrace run} and {@code inspect} through the service's local socket, as the launcher
 * runs them: the C client against a service in this JVM, compared with the same command line in a
 * JVM of its own. The traced process is one process of the test's ({@code trigger.c}), the same
 * for both runs, so their events and maps hold the same pids and counts; only table output has
 * time stamps (the TIME column, the time above a printed map), and only those are masked.
 */
@KernelTest
class LocalServiceKernelTest {
    private static final String HANDLER = """
            let n = 0;
            export function onEvent(event, ctx) { n++; ctx.emit({n: n, comm: event.comm, filename: event.filename}); }
            """;

    private static Path dir;
    private static Path client;
    private static Path launcher;
    private static Path socket;
    private static LocalService service;
    private static Trigger trigger;
    private static final AtomicInteger callsEnded = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        BuildFixtures.assumeToolchain();
        dir = Files.createTempDirectory("polytrace-local");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        client = compile(Path.of("src/main/c/local-client.c"), "local-client");
        Path triggerSource = Path.of(LocalServiceKernelTest.class.getResource("/local/trigger.c").toURI());
        trigger = new Trigger(new ProcessBuilder(compile(triggerSource, "trigger").toString()).start());
        // Stands in for ./polytrace, which the client runs when nothing answers on the socket.
        launcher = dir.resolve("launcher");
        Files.writeString(launcher, "#!/bin/sh\necho \"standalone POLYTRACE_STANDALONE=$POLYTRACE_STANDALONE $*\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("count.js"), HANDLER);
        socket = dir.resolve("run/polytrace.sock");
        service = LocalService.start(socket, new ServedCommands(), callsEnded::incrementAndGet);
    }

    @AfterAll
    static void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        if (trigger != null) {
            trigger.process.destroyForcibly();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void mapsPrintedAtCtrlCAreTheStandaloneOnesByteForByte() throws Exception {
        String tracer = RunFixtures.packageFile("callmaps").toString();
        for (boolean json : new boolean[] {true, false}) {
            List<String> args = new ArrayList<>(List.of("run", tracer, "-p", "target_tid=" + trigger.pid()));
            if (json) {
                args.add("--json");
            }
            Outcome standalone = runUntilCtrlC(standalone(args), "g 10", "p 3");
            Outcome served = runUntilCtrlC(served(args), "g 10", "p 3");
            assertTrue(standalone.out.contains("trigger") && standalone.out.contains("CALL_GETPID"), standalone.out);
            assertEquals(standalone.code, served.code);
            assertEquals(0, served.code, served.err);
            assertEquals(standalone.err, served.err);
            if (json) {
                assertArrayEquals(standalone.bytes, served.bytes, "standalone:\n" + standalone.out + "\nserved:\n"
                        + served.out);
            } else {
                assertEquals(withoutTimes(standalone.out), withoutTimes(served.out));
            }
        }
    }

    @Test
    void handlerRecordsAreTheStandaloneOnesByteForByteWithPathsFromTheClientsDirectory() throws Exception {
        // cgexecs records the cgroup id: resolved from /proc, a short-lived process's container
        // would be "unknown" or not depending on how fast each run read its records
        List<String> args = List.of("run", RunFixtures.packageFile("cgexecs").toString(), "--json",
                "-p", "parent=" + trigger.pid(), "--handler", "count.js",
                "--handler-timeout", "0"); // a loaded machine must not make the two runs' handlers fail differently
        Outcome standalone = runUntilCtrlC(standalone(args), "e 5");
        int endedBefore = callsEnded.get();
        Outcome served = runUntilCtrlC(served(args), "e 5");
        awaitCallEnded(endedBefore); // the daemon then gives back the memory the run held
        assertTrue(standalone.out.startsWith("{\"n\":1,\"comm\":\"true\",\"filename\":\"/bin/true\"}\n"), standalone.out);
        assertEquals(0, served.code, served.err);
        assertArrayEquals(standalone.bytes, served.bytes, "standalone:\n" + standalone.out + "\nserved:\n" + served.out);
        assertEquals(standalone.err, served.err);
    }

    @Test
    void errorsUsageAndStdinAreTheStandaloneOnes() throws Exception {
        Path pkg = RunFixtures.packageFile("execs");
        for (List<String> args : List.of(List.of("run", "no-such.tracer.json"), List.of("run", "--no-such-option"),
                List.of("inspect", "-"), List.of("run", pkg.toString(), "--watch"))) {
            LaunchedCommand standalone = LaunchedCommand.start(standalone(args), dir, pkg.toFile());
            LaunchedCommand served = LaunchedCommand.start(served(args), dir, pkg.toFile());
            assertEquals(standalone.exitCode(), served.exitCode(), args + ": " + served.err());
            assertEquals(standalone.out(), served.out(), args.toString());
            assertEquals(standalone.err(), served.err(), args.toString());
        }
    }

    @Test
    void durationEndsTheRunAsStandalone() throws Exception {
        long start = System.nanoTime();
        LaunchedCommand run = LaunchedCommand.start(served(List.of("run", RunFixtures.packageFile("execs").toString(),
                "--json", "-p", "parent=" + trigger.pid(), "--duration", "1s")), dir, null);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("polytrace: tracing execs: 1 program attached"), run.err());
        assertTrue(System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void aKilledClientLeavesNothingAttached() throws Exception {
        List<String> args = List.of("run", RunFixtures.packageFile("execs").toString(), "-p", "parent=1");
        assertFalse(ExitedProcesses.isRecording(), "no session before the run");
        long before = ownBpfLinks();
        LaunchedCommand killed = LaunchedCommand.start(served(args), dir, null).awaitAttached();
        // Its events name processes by pid alone: the session also holds the exit recorder, loaded
        // just after the attach (ExitedProcesses).
        awaitLinks(before + 2);
        assertTrue(ExitedProcesses.isRecording(), "the run's link and the exit recorder's, in the service");
        killed.kill();
        assertEquals(137, killed.exitCode());
        awaitLinks(before);
    }

    @Test
    void onlyRootAndTheServicesUserReachTheSocket() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        List<String> asNobody = new ArrayList<>(List.of("runuser", "-u", "nobody", "--"));
        asNobody.addAll(served(List.of("inspect", "execsnoop")));
        LaunchedCommand refusedByMode = LaunchedCommand.start(asNobody, dir, null);
        assertEquals(0, refusedByMode.exitCode(), refusedByMode.err());
        assertEquals("standalone POLYTRACE_STANDALONE=1 inspect execsnoop\n", refusedByMode.out(),
                "nobody cannot connect, so the client runs the launcher standalone");
        // Even where the mode would let it in, the service checks the peer's credentials.
        Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            LaunchedCommand refusedByService = LaunchedCommand.start(asNobody, dir, null);
            assertEquals(1, refusedByService.exitCode());
            assertEquals("", refusedByService.out());
            assertTrue(refusedByService.err().contains("closed the connection"), refusedByService.err());
        } finally {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void withNothingListeningTheClientRunsTheLauncherStandalone() throws Exception {
        List<String> command = List.of(client.toString(), dir.resolve("nothing.sock").toString(), launcher.toString(),
                "run", "execsnoop", "--json");
        LaunchedCommand run = LaunchedCommand.start(command, dir, null);
        assertEquals(0, run.exitCode());
        assertEquals("standalone POLYTRACE_STANDALONE=1 run execsnoop --json\n", run.out());
    }

    private record Outcome(int code, byte[] bytes, String out, String err) {
    }

    /** Attached, the trigger does its steps, then Ctrl-C; what the command printed and its exit code. */
    private static Outcome runUntilCtrlC(List<String> command, String... steps) throws Exception {
        LaunchedCommand run = LaunchedCommand.start(command, dir, null).awaitAttached();
        for (String step : steps) {
            trigger.step(step);
        }
        if (steps[0].startsWith("e")) {
            int events = Integer.parseInt(steps[0].substring(2));
            run.awaitOut(s -> s.lines().count() >= events, events + " records");
        }
        run.interrupt();
        int code = run.exitCode();
        return new Outcome(code, run.outBytes(), run.out(), run.err());
    }

    private static List<String> standalone(List<String> args) {
        return ForkedCli.command(List.of(), List.of(), args.toArray(String[]::new));
    }

    private static List<String> served(List<String> args) {
        List<String> command = new ArrayList<>(List.of(client.toString(), socket.toString(), launcher.toString()));
        command.addAll(args);
        return command;
    }

    private static String withoutTimes(String table) {
        return table.replaceAll("(?m)^\\d\\d:\\d\\d(:\\d\\d)? ", "TIME "); // LocalTime prints 10:45 at 10:45:00
    }

    private static long ownBpfLinks() throws IOException {
        long links = 0;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    links += Files.readSymbolicLink(fd).toString().equals("anon_inode:bpf_link") ? 1 : 0;
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return links;
    }

    private static void awaitLinks(long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ownBpfLinks() != expected) {
            assertTrue(System.nanoTime() < deadline, "links still held: " + ownBpfLinks() + ", expected " + expected);
            Thread.sleep(20);
        }
    }

    private static Path compile(Path source, String name) throws IOException, InterruptedException {
        Path binary = dir.resolve(name);
        Process cc = new ProcessBuilder("clang", "-O2", "-Wall", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cc.waitFor(), "clang " + source + ": " + output);
        return binary;
    }

    /** The traced process: one step ("g 10": ten getppid calls) at a time, each answered "ok". */
    private record Trigger(Process process, Writer in, BufferedReader out) {
        Trigger(Process process) {
            this(process, new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII),
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII)));
        }

        long pid() {
            return process.pid();
        }

        void step(String step) throws IOException {
            in.write(step + "\n");
            in.flush();
            assertEquals("ok", out.readLine(), step);
        }
    }

    /** The service's connection thread reports the call's end after the client has its exit code. */
    private static void awaitCallEnded(int endedBefore) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (callsEnded.get() <= endedBefore) {
            assertTrue(System.nanoTime() < deadline, "the service never reported the call's end");
            Thread.sleep(20);
        }
    }
}
