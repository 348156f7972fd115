package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One running copy of the compiled workload program (see workload.c and
 * {@link Workloads#compileWorkload}), driven through its stdin and stdout.
 */
final class Workload implements AutoCloseable {
    private static final Duration HANG_GUARD = Duration.ofMinutes(2);

    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;

    private Workload(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = process.getOutputStream();
    }

    /** Starts {@code binary mode args...} and waits for its "ready". */
    static Workload start(Path binary, String mode, Object... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), mode));
        for (Object a : args) {
            command.add(String.valueOf(a));
        }
        try {
            Workload w = new Workload(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            assertEquals("ready", w.out.readLine(), () -> String.join(" ", command) + " did not start");
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + command, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits until the workload is blocked in read() on stdin. Before "go": the write of "ready" has
     * then returned, so no system call of it but that read can end once a tracer is attached.
     */
    Workload awaitBlockedInRead() {
        Path syscall = Path.of("/proc", String.valueOf(pid()), "syscall");
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                // "0 0x0 ..." is read(0, ...) on x86_64; "running" or another number otherwise
                if (Files.readString(syscall).startsWith("0 0x0 ")) {
                    return this;
                }
                Thread.sleep(1);
            } catch (NoSuchFileException e) {
                throw new IllegalStateException(process.isAlive() ? syscall + " is missing (no CONFIG_HAVE_ARCH_TRACEHOOK?)"
                        : "workload " + pid() + " exited early", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("workload " + pid() + " never blocked in read()");
    }

    /** Lets a counted mode do its part. */
    void go() {
        try {
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for a counted mode's "done" line, and then for the workload to block in read() again:
     * the write of "done" has then returned too. Returns the numbers after "done".
     */
    long[] awaitDone() {
        String line;
        try {
            line = out.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (line == null || !line.startsWith("done")) {
            throw new IllegalStateException("workload " + pid() + " ended without \"done\": " + line);
        }
        awaitBlockedInRead();
        String rest = line.substring("done".length()).strip();
        return rest.isEmpty() ? new long[0] : Arrays.stream(rest.split(" ")).mapToLong(Long::parseLong).toArray();
    }

    /** CPU time (user and system) the process has used so far. */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time of " + pid()));
    }

    /** SIGSTOP: the process stays, with its memory maps, but takes no more CPU. */
    void pause() {
        signal("STOP");
    }

    /** Closes stdin, which ends the workload, and checks it exited with 0. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            assertEquals(0, process.exitValue(), () -> "workload " + pid() + " exit code");
            return;
        }
        signal("CONT"); // a paused workload could not see its stdin close
        try {
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
        assertEquals(0, Workloads.waitFor(process), () -> "workload " + pid() + " exit code");
    }

    private void signal(String name) {
        assertEquals(0, Workloads.run("kill", "-" + name, String.valueOf(pid())), () -> "kill -" + name + " " + pid());
    }
}
