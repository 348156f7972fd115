package dev.polytrace.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.host.cli.PolytraceCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import sun.misc.Signal;

/**
 * {@code polytrace run PACKAGE --json ARGS...} run in this JVM as a user runs it, its standard
 * output parsed as JSON Lines while it runs. A test waits for the attach line on stderr
 * ({@link #awaitAttached}), triggers, and stops the run as Ctrl-C does ({@link #close}): the run
 * then drains its events and prints its last samples, so what was triggered before is in
 * {@link #records}. Handlers run without a time budget (not what these tests are about).
 */
final class CliRun implements AutoCloseable {
    /** Only against a hang: nothing a test waits for should come anywhere near this. */
    private static final Duration HANG_GUARD = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> records = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private boolean attached;
    private Integer exitCode;
    private Throwable thrown;
    private boolean stopRequested;

    private CliRun() {
    }

    static CliRun start(String pkg, String... args) {
        CliRun run = new CliRun();
        List<String> argv = new ArrayList<>(List.of("run", pkg, "--json", "--handler-timeout", "0"));
        argv.addAll(List.of(args));
        PrintWriter out = new PrintWriter(new Lines(run::addRecord), true);
        PrintWriter err = new PrintWriter(new Lines(run::addStderr), true);
        Thread thread = new Thread(() -> {
            try {
                run.exited(PolytraceCommand.commandLine(out, err).execute(argv.toArray(String[]::new)), null);
            } catch (Throwable t) {
                run.exited(null, t);
            }
        }, "polytrace-sample-run");
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    synchronized List<JsonNode> records() {
        return List.copyOf(records);
    }

    /** Waits until RunCommand says the tracer is attached; fails when the run ends first. */
    CliRun awaitAttached() {
        waitFor(() -> attached || isDone());
        if (!isAttached()) {
            fail("the run ended before it was attached" + describe(), thrown);
        }
        return this;
    }

    /** Waits, once attached, until a record matches, for what the tracer reports on an interval. */
    JsonNode awaitRecord(String what, Predicate<JsonNode> match) {
        awaitAttached();
        waitFor(() -> records.stream().anyMatch(match) || isDone());
        return records().stream().filter(match).findFirst().orElseGet(() -> fail("no record " + what + describe()));
    }

    String describe() {
        List<JsonNode> all = records();
        StringBuilder out = new StringBuilder("\n-- stderr:\n").append(stderr()).append("\n-- last records:\n");
        all.subList(Math.max(0, all.size() - 10), all.size()).forEach(r -> out.append(r).append('\n'));
        return out.toString();
    }

    /**
     * Stops the run as a first Ctrl-C does and checks that it exited with 0: a SIGINT to this JVM,
     * which RunCommand routes to the run (StopSignals) before it prints its attach line, so the
     * run waits for that line first. One run at a time: the signal stops the latest one.
     */
    @Override
    public void close() {
        awaitAttached();
        synchronized (this) {
            if (!stopRequested && !isDone()) {
                stopRequested = true;
                Signal.raise(new Signal("INT"));
            }
        }
        waitFor(this::isDone);
        synchronized (this) {
            if (thrown != null) {
                fail("the run threw" + describe(), thrown);
            }
            int code = exitCode;
            assertEquals(0, code, () -> "exit code " + code + describe());
        }
    }

    private synchronized String stderr() {
        return stderr.toString();
    }

    private synchronized boolean isAttached() {
        return attached;
    }

    private synchronized boolean isDone() {
        return exitCode != null || thrown != null;
    }

    /** Waits until {@code condition} holds; every change of the run's state wakes the wait. */
    private synchronized void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("still waiting after " + HANG_GUARD + describe());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private synchronized void exited(Integer code, Throwable t) {
        exitCode = code;
        thrown = t;
        notifyAll();
    }

    private synchronized void addRecord(String text) {
        if (text.isBlank()) {
            return;
        }
        try {
            records.add(JSON.readTree(text));
        } catch (IOException e) {
            // a non-JSON line (there should be none with --json); describe() shows stderr
        }
        notifyAll();
    }

    private synchronized void addStderr(String line) {
        stderr.append(line).append('\n');
        if (line.startsWith("polytrace: tracing ") && line.contains(" attached")) {
            attached = true;
        }
        notifyAll();
    }

    /** Splits what the CLI prints into lines. */
    private static final class Lines extends Writer {
        private final Consumer<String> lines;
        private final StringBuilder line = new StringBuilder();

        Lines(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (chars[i] == '\n') {
                    lines.accept(line.toString());
                    line.setLength(0);
                } else {
                    line.append(chars[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public synchronized void close() {
            if (!line.isEmpty()) {
                lines.accept(line.toString());
                line.setLength(0);
            }
        }
    }
}
