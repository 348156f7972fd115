package dev.polytrace.host.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A polytrace command line started as a user starts it (a JVM of its own, or the local client),
 * its stdout and stderr in files of their own, signalled as a terminal would signal it.
 */
final class LaunchedCommand {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final Process process;
    private final Path out;
    private final Path err;

    private LaunchedCommand(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static LaunchedCommand start(List<String> command, Path workingDir, File stdin) throws IOException {
        Path out = Files.createTempFile(workingDir, "stdout", ".txt");
        Path err = Files.createTempFile(workingDir, "stderr", ".txt");
        // A child inherits ignored signals; a test earlier in this JVM may have left SIGINT ignored
        // (the child's Ctrl-C would then do nothing), so the child starts with the defaults.
        List<String> withDefaultSignals = new java.util.ArrayList<>(List.of("env", "--default-signal=INT,TERM"));
        withDefaultSignals.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(withDefaultSignals).directory(workingDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(stdin));
        return new LaunchedCommand(builder.start(), out, err);
    }

    long pid() {
        return process.pid();
    }

    byte[] outBytes() {
        try {
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String out() {
        return new String(outBytes(), StandardCharsets.UTF_8);
    }

    String err() {
        try {
            return Files.readString(err, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LaunchedCommand awaitAttached() throws InterruptedException {
        return awaitErr(s -> s.contains("polytrace: tracing "), "the run to attach");
    }

    LaunchedCommand awaitErr(Predicate<String> shown, String what) throws InterruptedException {
        await(() -> shown.test(err()), what);
        return this;
    }

    LaunchedCommand awaitOut(Predicate<String> shown, String what) throws InterruptedException {
        await(() -> shown.test(out()), what);
        return this;
    }

    /** What Ctrl-C in its terminal sends. */
    /** The child's blocked, ignored and caught signal masks, to tell why a signal did nothing. */
    private static String signalState(long pid) {
        try {
            return String.join(", ", Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("SigBlk") || l.startsWith("SigIgn") || l.startsWith("SigCgt")).toList());
        } catch (IOException e) {
            return "no /proc/" + pid + "/status";
        }
    }

    void interrupt() throws IOException, InterruptedException {
        signal("-INT");
    }

    void kill() throws IOException, InterruptedException {
        signal("-KILL");
    }

    int exitCode() throws InterruptedException {
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            String signals = signalState(process.pid());
            process.destroyForcibly();
            throw new AssertionError("did not end in " + WAIT + " (" + signals + ")\nstderr: " + err() + "\nstdout: "
                    + out());
        }
        return process.exitValue();
    }

    private void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    private void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive() && !condition.getAsBoolean()) {
                throw new AssertionError("no " + what + " before it ended (" + process.exitValue() + ")\nstderr: "
                        + err() + "\nstdout: " + out());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " in " + WAIT + "\nstderr: " + err() + "\nstdout: " + out());
            }
            Thread.sleep(20);
        }
    }
}
