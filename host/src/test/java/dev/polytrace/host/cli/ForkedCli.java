package dev.polytrace.host.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the CLI in a fresh JVM (for what must not touch the test JVM: privileges, missing libraries). */
record ForkedCli(int exitCode, String output) {
    /** Runs to the end; the output goes to a file, so a child that hangs cannot hang the wait for it. */
    static ForkedCli run(List<String> wrapper, List<String> jvmFlags, String... args)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("polytrace-cli-", ".out");
        try {
            Process p = new ProcessBuilder(command(wrapper, jvmFlags, args)).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("CLI did not finish: " + List.of(args) + "\n"
                        + Files.readString(output));
            }
            return new ForkedCli(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Starts the CLI with stdin from {@code stdin} and stdout+stderr into {@code output}. */
    static Process start(List<String> wrapper, List<String> jvmFlags, Path stdin,
            Path output, String... args) throws IOException {
        return new ProcessBuilder(command(wrapper, jvmFlags, args)).redirectErrorStream(true)
                .redirectInput(stdin.toFile()).redirectOutput(output.toFile()).start();
    }

    /** Starts the CLI on {@code classPath} instead of this JVM's, with stdout+stderr into {@code output}. */
    static Process startOn(String classPath, Path output, String... args) throws IOException {
        return new ProcessBuilder(command(List.of(), List.of(), classPath, args)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    /** Waits for {@code text} to appear in a started CLI's output file. */
    static void awaitOutput(Process p, Path output, String text, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(output).contains(text)) {
                return;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' in time: " + Files.readString(output));
    }

    static List<String> command(List<String> wrapper, List<String> jvmFlags, String... args) {
        return command(wrapper, jvmFlags, System.getProperty("java.class.path"), args);
    }

    private static List<String> command(List<String> wrapper, List<String> jvmFlags, String classPath, String... args) {
        List<String> command = new ArrayList<>(wrapper);
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Dpolyglot.engine.WarnInterpreterOnly=false"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classPath, Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
