package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The CLI run in this JVM with its output captured, as a user runs it: {@link #run} for a command
 * that ends by itself, {@link #start} for one that runs until stopped (on its own thread, output
 * readable while it runs), {@link #json} for {@code polytrace run TRACER --json}, whose standard
 * output lines are also read as JSON records.
 *
 * <p>A test of a running tracer waits for the run to be attached ({@link #awaitAttached}:
 * RunCommand prints "polytrace: tracing NAME: N programs attached" on stderr once its programs are
 * attached and its handler started), makes the kernel do what it checks, and {@link #stop}s the
 * run as Ctrl-C does. Stopping drains the event streams, prints the sampled maps a last time and
 * runs the handler's onExit, so everything triggered before the stop is in the output: no window
 * of time has to be long enough.
 */
public final class CliRun implements AutoCloseable {
    /** Only against a hang: nothing a test waits for should come anywhere near this. */
    private static final Duration HANG_GUARD = Duration.ofMinutes(5);
    /** How often a wait looks again when nothing was printed (conditions may watch the kernel). */
    private static final long RECHECK_MILLIS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final boolean stopsItself;
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();
    private final List<JsonNode> records = new ArrayList<>();
    private boolean attached;
    private boolean stopRequested;
    private Integer exitCode;
    private Throwable thrown;

    private CliRun(String name, boolean stopsItself) {
        this.name = name;
        this.stopsItself = stopsItself;
    }

    /** Runs {@code polytrace args...} to its end on this thread. */
    public static CliRun run(String... args) {
        CliRun run = new CliRun(String.join(" ", args), true);
        run.execute(args);
        return run;
    }

    /** Starts {@code polytrace args...} on a thread of its own; it runs until {@link #stop}. */
    public static CliRun start(String... args) {
        return start(String.join(" ", args), false, List.of(args));
    }

    /**
     * Starts {@code run tracer --json args...} (TRACER a bundled tracer's name or a package file),
     * which runs until {@link #stop}. Handlers run without a time budget ({@code --handler-timeout
     * 0}): a loaded machine must not turn a slow call into a failure of a test not about budgets.
     */
    public static CliRun json(String tracer, String... args) {
        return start(tracer, false, jsonRun(tracer, List.of(args)));
    }

    /** As {@link #json(String, String...)} with {@code --duration}: it stops by itself after its attach. */
    public static CliRun json(String tracer, Duration duration, String... args) {
        List<String> more = new ArrayList<>(List.of("--duration", duration.toMillis() + "ms"));
        more.addAll(List.of(args));
        return start(tracer, true, jsonRun(tracer, more));
    }

    private static List<String> jsonRun(String tracer, List<String> args) {
        List<String> argv = new ArrayList<>(List.of("run", tracer, "--json", "--handler-timeout", "0"));
        argv.addAll(args);
        return argv;
    }

    private static CliRun start(String name, boolean stopsItself, List<String> args) {
        CliRun run = new CliRun(name, stopsItself);
        Thread thread = new Thread(() -> run.execute(args.toArray(String[]::new)), "polytrace-cli " + name);
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    private void execute(String[] args) {
        PrintWriter o = new PrintWriter(new Captured(out, this::outLine), true);
        PrintWriter e = new PrintWriter(new Captured(err, this::errLine), true);
        try {
            int code = PolytraceCommand.commandLine(o, e).execute(args);
            exited(code, null);
        } catch (Throwable t) {
            exited(null, t);
        }
    }

    public synchronized String out() {
        return out.toString();
    }

    public synchronized String err() {
        return err.toString();
    }

    /** The exit code, once the command has ended; fails if it threw. */
    public int exitCode() {
        waitFor(this::isDone);
        synchronized (this) {
            if (thrown != null) {
                fail(name + ": the command threw" + describe(), thrown);
            }
            return exitCode;
        }
    }

    /** The standard output lines that are JSON, read as records, in order. */
    public synchronized List<JsonNode> records() {
        return List.copyOf(records);
    }

    /** Emitted records, without the tagged {@code sample} and {@code lost} records and the printed maps. */
    public List<JsonNode> rows() {
        return records().stream().filter(r -> !r.has("sample") && !r.has("lost") && !isPrintedMap(r)).toList();
    }

    /** The records of map {@code map} printed at the end (and every --interval), in order. */
    public List<JsonNode> maps(String map) {
        return records().stream().filter(r -> isPrintedMap(r) && map.equals(r.path("map").asText())).toList();
    }

    /** A printed map's record: {"map": NAME, "kind": ..., "entries": [...]}. */
    private static boolean isPrintedMap(JsonNode r) {
        return r.has("map") && r.has("kind") && r.path("entries").isArray();
    }

    /** The texts of every {@code sample} record of map {@code map}, in order. */
    public List<String> samples(String map) {
        return records().stream().filter(r -> map.equals(r.path("sample").asText(null)))
                .map(r -> r.path("text").asText()).toList();
    }

    /** Waits until the run is attached; fails with what it printed when it ends first. */
    public CliRun awaitAttached() {
        waitFor(() -> attached || isDone());
        synchronized (this) {
            if (!attached) {
                fail(name + ": the run ended before it was attached" + describe(), thrown);
            }
        }
        return this;
    }

    /** Waits until stdout shows {@code what}; fails if the run ends first. */
    public void awaitOut(String what, Predicate<String> shown) {
        await("stdout to show " + what, () -> shown.test(out()));
    }

    /** Waits until stderr shows {@code what}; fails if the run ends first. */
    public void awaitErr(String what, Predicate<String> shown) {
        await("stderr to show " + what, () -> shown.test(err()));
    }

    /** Waits until {@code condition} holds (on the output or the kernel); fails if the run ends first. */
    public void await(String what, BooleanSupplier condition) {
        waitFor(() -> condition.getAsBoolean() || isDone());
        if (!condition.getAsBoolean()) {
            fail(name + ": ended without " + what + describe());
        }
    }

    /** Waits, once attached, until the records so far satisfy {@code condition}; fails if the run ends first. */
    public void awaitRecords(String what, Predicate<List<JsonNode>> condition) {
        awaitAttached();
        await(what, () -> condition.test(records()));
    }

    /** Waits, once attached, until a record matches and returns it; fails if the run ends first. */
    public JsonNode awaitRecord(String what, Predicate<JsonNode> match) {
        awaitRecords("a record " + what, all -> all.stream().anyMatch(match));
        return first(match).orElseThrow();
    }

    /**
     * Once attached, runs {@code trigger} until a record matches, and returns it; for runs that
     * stop by themselves and tracers that report on an interval. Fails when the run ends first.
     */
    public JsonNode expectRecord(String what, Predicate<JsonNode> match, Runnable trigger) {
        awaitAttached();
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> found = first(match);
            if (found.isPresent() || isDone()) {
                return found.orElseGet(() -> fail(name + ": ended without a record " + what + describe()));
            }
            trigger.run();
            waitAtMost(100);
        }
        return fail(name + ": no record " + what + " in " + HANG_GUARD + describe());
    }

    /** Runs {@code workload} until a run with --duration ends, then checks it exited with 0. */
    public void runUntilExit(Runnable workload) {
        awaitAttached();
        while (!isDone()) {
            workload.run();
            waitAtMost(100);
        }
        assertExitedCleanly();
    }

    /** Stops the run as a first Ctrl-C does and checks that it exited with 0. */
    public void stop() {
        assertEquals(0, stopWithExitCode(), () -> name + " exited with " + exitCode + describe());
    }

    /**
     * Stops the run as a first Ctrl-C does and returns its exit code. RunCommand sets up its stop
     * latch (StopSignals) before it prints its attach line, so this waits for that line first.
     * One run at a time: the stop reaches the latest one.
     */
    public int stopWithExitCode() {
        if (stopsItself) {
            throw new IllegalStateException(name + " runs with --duration or to its end: it stops by itself");
        }
        awaitAttached();
        boolean first;
        synchronized (this) {
            first = !stopRequested && !isDone();
            stopRequested = true;
        }
        if (first) {
            StopSignals.requestStop(); // where Ctrl-C and SIGTERM go
        }
        return exitCode();
    }

    /** What the run printed, for failure messages: stderr, then the last stdout lines. */
    public String describe() {
        String[] lines = out().split("\n");
        StringBuilder text = new StringBuilder("\n-- stderr:\n").append(err()).append("\n-- ")
                .append(lines.length).append(" stdout lines, last ones:\n");
        for (int i = Math.max(0, lines.length - 15); i < lines.length; i++) {
            text.append(lines[i]).append('\n');
        }
        return text.toString();
    }

    /**
     * Ends the test's use of the run: stops it (or waits for its end) and checks it exited with 0,
     * unless the test has stopped it and taken its exit code already.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (stopRequested) {
                return;
            }
        }
        if (stopsItself || isDone()) {
            assertExitedCleanly();
        } else {
            stop();
        }
    }

    private void assertExitedCleanly() {
        int code = exitCode();
        assertEquals(0, code, () -> name + " exited with " + code + describe());
    }

    private synchronized boolean isDone() {
        return exitCode != null || thrown != null;
    }

    private synchronized Optional<JsonNode> first(Predicate<JsonNode> match) {
        return records.stream().filter(match).findFirst();
    }

    /** Waits until {@code condition} holds: looked at again on every line printed, and now and then. */
    private void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(name + ": still waiting after " + HANG_GUARD + describe());
            }
            waitAtMost(RECHECK_MILLIS);
        }
    }

    /** Waits for a line or the end of the run, at most {@code millis}. */
    private synchronized void waitAtMost(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    private synchronized void exited(Integer code, Throwable t) {
        exitCode = code;
        thrown = t;
        notifyAll();
    }

    /** Called with the lock held. */
    private void outLine(String line) {
        if (line.startsWith("{")) {
            try {
                records.add(JSON.readTree(line));
            } catch (IOException e) {
                // a text line that starts with a brace: in out() only
            }
        }
    }

    /** Called with the lock held. */
    private void errLine(String line) {
        if (line.startsWith("polytrace: tracing ") && line.contains(" attached")) {
            attached = true;
        }
    }

    /** Keeps what a stream printed, hands on each whole line and wakes the waits. */
    private final class Captured extends Writer {
        private final StringBuilder text;
        private final Consumer<String> lines;
        private int lineStart;

        Captured(StringBuilder text, Consumer<String> lines) {
            this.text = text;
            this.lines = lines;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            synchronized (CliRun.this) {
                for (int i = offset; i < offset + length; i++) {
                    text.append(chars[i]);
                    if (chars[i] == '\n') {
                        lines.accept(text.substring(lineStart, text.length() - 1));
                        lineStart = text.length();
                    }
                }
                CliRun.this.notifyAll();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
