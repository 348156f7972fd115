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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One {@code polytrace run TRACER --json ...} executed in this JVM through the CLI, on its own
 * thread, as a user runs it (TRACER a bundled tracer's name or a package file): the package is
 * found, its handler loaded, its programs attached. Standard output is collected as JSON records
 * while it runs.
 *
 * <p>A test waits for the run to be attached ({@link #awaitAttached}: RunCommand prints
 * "polytrace: tracing NAME: N programs attached" on stderr once its programs are attached and its
 * handler started), makes the kernel do what it checks, and {@link #stop}s the run as Ctrl-C
 * does. Stopping drains the event streams, prints the sampled maps a last time and runs the
 * handler's onExit, so everything triggered before the stop is in {@link #records}: no window of
 * time has to be long enough.
 *
 * <p>Handlers run without a time budget ({@code --handler-timeout 0}): a loaded machine must not
 * turn a slow call into a failure of a test that is not about budgets.
 */
public final class JsonRun implements AutoCloseable {
    /** Only against a hang: nothing a test waits for should come anywhere near this. */
    private static final Duration HANG_GUARD = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TRIGGER_PAUSE_MILLIS = 100;

    private final String tracer;
    private final boolean stopsItself;
    private final List<JsonNode> records = new ArrayList<>();
    private final List<String> unparsed = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private boolean attached;
    private Integer exitCode;
    private Throwable thrown;

    private JsonRun(String tracer, boolean stopsItself) {
        this.tracer = tracer;
        this.stopsItself = stopsItself;
    }

    /** Starts {@code run tracer --json args...}, which runs until {@link #stop}. */
    public static JsonRun start(String tracer, String... args) {
        return start(tracer, false, List.of(args));
    }

    /**
     * Starts {@code run tracer --json --duration duration args...}, which stops by itself
     * {@code duration} after its attach; for tests of what a run does until its end.
     */
    public static JsonRun start(String tracer, Duration duration, String... args) {
        List<String> argv = new ArrayList<>(List.of("--duration", duration.toMillis() + "ms"));
        argv.addAll(List.of(args));
        return start(tracer, true, argv);
    }

    private static JsonRun start(String tracer, boolean stopsItself, List<String> args) {
        JsonRun run = new JsonRun(tracer, stopsItself);
        List<String> argv = new ArrayList<>(List.of("run", tracer, "--json", "--handler-timeout", "0"));
        argv.addAll(args);
        PrintWriter out = new PrintWriter(new LineWriter(run::addRecord), true);
        PrintWriter err = new PrintWriter(new LineWriter(run::addStderr), true);
        Thread thread = new Thread(() -> {
            try {
                run.exited(PolytraceCommand.commandLine(out, err).execute(argv.toArray(String[]::new)), null);
            } catch (Throwable t) {
                run.exited(null, t);
            }
        }, "polytrace-run-" + tracer);
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    /** Records printed so far. */
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

    public synchronized String stderr() {
        return stderr.toString();
    }

    /** Waits until the run is attached; fails with what it printed when it ends first. */
    public JsonRun awaitAttached() {
        waitFor(() -> attached || exitCode != null || thrown != null);
        synchronized (this) {
            if (!attached) {
                fail(tracer + ": the run ended before it was attached" + describe(), thrown);
            }
        }
        return this;
    }

    /** Waits, once attached, until a record matches and returns it; fails when the run ends first. */
    public JsonNode awaitRecord(String what, Predicate<JsonNode> match) {
        await("a record " + what, all -> all.stream().anyMatch(match));
        return first(match).orElseThrow();
    }

    /**
     * Waits, once attached, until the records printed so far satisfy {@code condition} (for
     * effects the kernel reports asynchronously); fails when the run ends first.
     */
    public void await(String what, Predicate<List<JsonNode>> condition) {
        awaitAttached();
        waitFor(() -> condition.test(records) || exitCode != null || thrown != null);
        if (!condition.test(records())) {
            fail(tracer + ": ended without " + what + describe());
        }
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
                return found.orElseGet(() -> fail(tracer + ": ended without a record " + what + describe()));
            }
            trigger.run();
            waitAtMost(TRIGGER_PAUSE_MILLIS);
        }
        return fail(tracer + ": no record " + what + " in " + HANG_GUARD + describe());
    }

    /**
     * Stops the run as a first Ctrl-C does and checks that it exited with 0. RunCommand sets up
     * its stop latch (StopSignals) before it prints its attach line, so the run waits for that
     * line first. One run at a time: the stop reaches the latest one.
     */
    public void stop() {
        if (stopsItself) {
            throw new IllegalStateException(tracer + " runs with --duration: it stops by itself");
        }
        awaitAttached();
        if (stopRequested.compareAndSet(false, true) && !isDone()) {
            StopSignals.requestStop();
        }
        assertExitedCleanly();
    }

    /** Runs {@code workload} until a run with --duration ends, then checks it exited with 0. */
    public void runUntilExit(Runnable workload) {
        awaitAttached();
        while (!isDone()) {
            workload.run();
            waitAtMost(TRIGGER_PAUSE_MILLIS);
        }
        assertExitedCleanly();
    }

    public String describe() {
        List<JsonNode> all = records();
        StringBuilder out = new StringBuilder("\n-- stderr:\n").append(stderr()).append("\n-- ")
                .append(all.size()).append(" records, last ones:\n");
        all.subList(Math.max(0, all.size() - 15), all.size()).forEach(r -> out.append(r).append('\n'));
        synchronized (this) {
            unparsed.forEach(line -> out.append("(not JSON) ").append(line).append('\n'));
        }
        return out.toString();
    }

    /** Ends the test's use of the run: stops it (or waits for its --duration) and checks its exit. */
    @Override
    public void close() {
        if (stopsItself || isDone()) {
            assertExitedCleanly();
        } else {
            stop();
        }
    }

    private void assertExitedCleanly() {
        waitFor(this::isDone);
        synchronized (this) {
            if (thrown != null) {
                fail(tracer + ": the run threw" + describe(), thrown);
            }
            int code = exitCode;
            assertEquals(0, code, () -> tracer + " exited with " + code + describe());
        }
    }

    private synchronized boolean isDone() {
        return exitCode != null || thrown != null;
    }

    private synchronized Optional<JsonNode> first(Predicate<JsonNode> match) {
        return records.stream().filter(match).findFirst();
    }

    /** Waits until {@code condition} holds; every change of the run's state wakes the wait. */
    private synchronized void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail(tracer + ": still waiting after " + HANG_GUARD + describe());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + tracer, e);
            }
        }
    }

    /** Waits for a change of the run's state, at most {@code millis}. */
    private synchronized void waitAtMost(long millis) {
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + tracer, e);
        }
    }

    private synchronized void exited(Integer code, Throwable t) {
        exitCode = code;
        thrown = t;
        notifyAll();
    }

    private synchronized void addRecord(String line) {
        if (line.isBlank()) {
            return;
        }
        try {
            records.add(JSON.readTree(line));
        } catch (IOException e) {
            unparsed.add(line);
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

    /** Splits what the CLI prints into lines and hands each on. */
    private static final class LineWriter extends Writer {
        private final Consumer<String> lines;
        private final StringBuilder pending = new StringBuilder();

        LineWriter(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (chars[i] == '\n') {
                    lines.accept(pending.toString());
                    pending.setLength(0);
                } else {
                    pending.append(chars[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public synchronized void close() {
            if (!pending.isEmpty()) {
                lines.accept(pending.toString());
                pending.setLength(0);
            }
        }
    }
}
