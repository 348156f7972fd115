package dev.polytrace.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The traced program, {@code ptbench_work N}, started by the consumer once it reads the ring. */
final class Workload implements AutoCloseable {
    private static final Pattern WALL = Pattern.compile("workload_wall_s ([0-9.]+)");

    private final Process process;

    private Workload(Process process) {
        this.process = process;
    }

    static Workload start(Path binary, long calls) throws IOException {
        Process p = new ProcessBuilder(binary.toString(), Long.toString(calls))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        p.getOutputStream().close();
        return new Workload(p);
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

    /** Kills the workload if it still runs (the consumer failed or was interrupted). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
