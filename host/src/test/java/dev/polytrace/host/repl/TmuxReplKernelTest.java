package dev.polytrace.host.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polytrace.bpf.KernelObjects;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code polytrace repl} as a person uses it: the real CLI in a real terminal (a tmux pane, 160x40),
 * keys typed with {@code tmux send-keys}, the screen read with {@code tmux capture-pane}.
 */
@KernelTest
class TmuxReplKernelTest {
    private static final long PID = ProcessHandle.current().pid();
    private static final String SESSION = "polytrace-repl-test-" + PID;
    private static final Duration SCREEN_TIMEOUT = Duration.ofSeconds(60);
    private static final String MAIN = "dev.polytrace.host.cli.Main";

    @Test
    void aPersonTypesCompletesInterruptsAndLeavesWithCtrlD() throws Exception {
        assumeTrue(runs("tmux", "-V"), "tmux is not installed (apt-get install tmux)");
        Path pkg = ReplFixtures.packageFile();
        Path history = ReplFixtures.historyFile();
        Path exitFile = Files.createTempFile("polytrace-repl-exit-", "");
        exitFile.toFile().deleteOnExit();
        Path launcher = launcher(pkg, history, exitFile);
        try {
            // The pane stays after the REPL ends, to be read.
            tmux("new-session", "-d", "-s", SESSION, "-x", "160", "-y", "40", "sleep 600");
            tmux("set-option", "-t", SESSION, "remain-on-exit", "on");
            tmux("respawn-pane", "-k", "-t", SESSION, launcher.toString());
            awaitScreen("the prompt", s -> lastLine(s).equals("getppid js>"));
            long repl = replPid();
            KernelObjects.Snapshot held = ReplFixtures.heldBy(repl);
            assertTrue(!held.programs().isEmpty() && !held.links().isEmpty(), "attached: " + held);
            assertTrue(screen().contains("loaded getppid: 1 program(s) attached"), screen());

            Triggers.getppid(3);
            keys("ctx.maps.counts.get(" + PID + ")", "Enter");
            awaitScreen("the count", s -> s.contains("ctx.maps.counts.get(" + PID + ")\n3\ngetppid js>"));

            keys("ctx.maps.co", "Tab");
            awaitScreen("the completed map name", s -> lastLine(s).equals("getppid js> ctx.maps.counts"));
            keys(".entries()", "Enter");
            awaitScreen("the decoded entries", s -> s.contains("[{key: " + PID + ", value: 3}]\ngetppid js>"));

            keys(":d", "Tab");
            awaitScreen("both commands starting with :d", s -> s.contains(":doctor") && s.contains(":dump"));
            keys("C-c");
            awaitScreen("a fresh prompt", s -> lastLine(s).equals("getppid js>"));

            // The marker is printed once the line runs; as typed, it reads differently.
            keys("console.log('loop ' + 'started'); while (true) {}", "Enter");
            awaitScreen("the loop running", s -> s.lines().anyMatch("loop started"::equals));
            keys("C-c");
            awaitScreen("the interrupted loop", s -> s.contains("interrupted") && lastLine(s).equals("getppid js>"));

            keys(":follow", "Enter");
            awaitScreen("following", s -> s.contains("following getppid (Ctrl-C stops)"));
            Triggers.getppid(1);
            awaitScreen("the event", s -> s.contains("events  {pid: " + PID + ", tid: "));
            keys("C-c");
            awaitScreen("the prompt after following", s -> lastLine(s).equals("getppid js>"));

            keys("C-d");
            awaitScreen("the end of the session", s -> s.contains("detached getppid"));
            awaitExit(exitFile);
            KernelObjects.Snapshot left = ReplFixtures.stillLoaded(repl, held, 0); // it has exited
            assertTrue(left.isEmpty(), "left in the kernel after Ctrl-D: " + left);
            assertTrue(Files.readString(history).contains("ctx.maps.counts.entries()"), "history kept");
        } finally {
            runs("tmux", "kill-session", "-t", SESSION);
        }
    }

    /**
     * A script that runs the CLI with this JVM's class path and writes its exit status to
     * {@code exitFile}. The shell traps Ctrl-C (the CLI gets it as well and handles it), so that it
     * outlives the keys the test sends and reports how the REPL ended.
     */
    private static Path launcher(Path pkg, Path history, Path exitFile) throws IOException {
        List<String> java = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Dpolyglot.engine.WarnInterpreterOnly=false",
                "-D" + ReplOptions.HISTORY_PROPERTY + "=" + history));
        if (Runtime.version().feature() >= 24) {
            java.add("--sun-misc-unsafe-memory-access=allow");
        }
        java.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN,
                "repl", pkg.toString(), "--param", ReplFixtures.onlyThisProcess()));
        StringBuilder script = new StringBuilder("#!/bin/sh\ntrap true INT\n");
        for (String word : java) {
            script.append('\'').append(word.replace("'", "'\\''")).append("' ");
        }
        script.append("\necho $? > '").append(exitFile).append("'\n");
        Path file = Files.createTempFile("polytrace-repl-", ".sh",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        file.toFile().deleteOnExit();
        Files.writeString(file, script, StandardCharsets.UTF_8);
        return file;
    }

    /** The JVM of the REPL: the child of the pane's shell. */
    private static long replPid() throws Exception {
        Process p = new ProcessBuilder("tmux", "list-panes", "-t", SESSION, "-F", "#{pane_pid}").start();
        long shell = Long.parseLong(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        p.waitFor(10, TimeUnit.SECONDS);
        return ProcessHandle.of(shell).orElseThrow().children().findFirst().orElseThrow().pid();
    }

    private static void awaitExit(Path exitFile) throws Exception {
        long deadline = System.nanoTime() + SCREEN_TIMEOUT.toNanos();
        String status = "";
        while (status.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = Files.readString(exitFile).strip();
        }
        assertEquals("0", status, "the exit status of polytrace repl");
    }

    private static void keys(String... keys) throws Exception {
        List<String> command = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        command.addAll(List.of(keys));
        tmux(command.toArray(String[]::new));
    }

    private static String screen() throws Exception {
        Process p = new ProcessBuilder("tmux", "capture-pane", "-p", "-t", SESSION).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return text.stripTrailing() + "\n";
    }

    private static String lastLine(String screen) {
        List<String> lines = screen.stripTrailing().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).stripTrailing();
    }

    private static void awaitScreen(String what, Predicate<String> shown) throws Exception {
        long deadline = System.nanoTime() + SCREEN_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = screen();
            if (shown.test(last)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the screen did not show " + what + " within " + SCREEN_TIMEOUT + ":\n" + last
                + "(last line: " + lastLine(last).chars().mapToObj(Integer::toHexString).toList() + ")");
    }

    private static void tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("tmux " + String.join(" ", args) + " failed: " + out);
        }
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
