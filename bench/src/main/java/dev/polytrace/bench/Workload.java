package dev.polytrace.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The traced program, {@code ptbench_work N}. Like the C consumer's fork-and-hold, it is spawned
 * held before exec (a shell waiting for one line on stdin, then exec'ing the workload under the
 * same pid), so its pid can go into the program's {@code target_tgid} before load and the
 * spawn cost stays out of the measured interval; {@link #release()} lets it run.
 */
final class Workload implements AutoCloseable {
    private static final Pattern WALL = Pattern.compile("workload_wall_s ([0-9.]+)");
    private static final String HOLD_THEN_EXEC = "read -r go && exec \"$0\" \"$@\"";

    private final Process process;

    private Workload(Process process) {
        this.process = process;
    }

    static Workload spawnHeld(Path binary, long calls) throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", HOLD_THEN_EXEC, binary.toString(), Long.toString(calls))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return new Workload(p);
    }

    /** The pid the workload will have: exec keeps the shell's. */
    long pid() {
        return process.pid();
    }

    /** Lets the held workload exec and run. */
    void release() throws IOException {
        try (OutputStream go = process.getOutputStream()) {
            go.write("go\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    boolean hasExited() {
        return !process.isAlive();
    }

    int exitCode() throws InterruptedException {
        return process.waitFor();
    }

    /** The wall time the workload printed, once it has exited. */
    OptionalDouble wallSeconds() throws IOException {
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = WALL.matcher(out);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    /** Kills the workload if it is still held or running (the consumer failed or was interrupted). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
