package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the tests make the kernel do: processes, files, and the compiled workload program. */
final class Workloads {
    private Workloads() {
    }

    static int ownPid() {
        return (int) ProcessHandle.current().pid();
    }

    /** Starts {@code command} with its output discarded. */
    static Process start(String... command) {
        try {
            return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + String.join(" ", command), e);
        }
    }

    /** Runs {@code command} to completion and returns its exit code. */
    static int run(String... command) {
        Process p = start(command);
        return waitFor(p);
    }

    /** Runs {@code command} to completion, failing with its output unless it exits with 0. */
    static void runChecked(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, waitFor(p), () -> String.join(" ", command) + ": " + output);
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + String.join(" ", command), e);
        }
    }

    static int waitFor(Process p) {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(p.info().commandLine().orElse("process") + " did not finish");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compiles the workload program (src/test/resources/.../workload.c) with the system clang,
     * with frame pointers and symbols, into {@code dir}. The binary is named {@code workload<pid
     * of this JVM>}, which is also its command name (15 characters at most): tracers filtered by
     * it see this test run's workloads and no one else's.
     */
    static Path compileWorkload(Path dir) throws IOException {
        Path source = dir.resolve("workload.c");
        try (InputStream in = Workloads.class.getResourceAsStream("workload.c")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve("workload" + ownPid());
        Process cc = new ProcessBuilder(List.of("clang", "-O1", "-g", "-fno-omit-frame-pointer", "-o",
                binary.toString(), source.toString())).redirectErrorStream(true).start();
        String output = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, waitFor(cc), () -> "clang failed to build the workload: " + output);
        return binary;
    }

    /** The command name the kernel gives a process of {@code binary}. */
    static String comm(Path binary) {
        return binary.getFileName().toString();
    }
}
