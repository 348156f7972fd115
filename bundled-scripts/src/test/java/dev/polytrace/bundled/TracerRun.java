package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.host.cli.PolytraceCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * One {@code polytrace run NAME --json --duration D ...} executed in this JVM through the CLI, on
 * its own thread, as a user runs it: the bundled tracer is found by name, its handler loaded, its
 * programs attached. Standard output is collected as JSON records while it runs.
 *
 * <p>{@code D} counts from the moment the tracer is attached and its handler started, so a test
 * triggers repeatedly until the record it expects shows up (with a deadline), then waits for the
 * run to end: no sleep has to guess when the attach happened.
 */
final class TracerRun implements AutoCloseable {
    /** Loading a Python handler in an interpreter-only JVM on a busy machine can take this long. */
    static final Duration START_ALLOWANCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 100;

    private final String tracer;
    private final Duration duration;
    private final List<JsonNode> records = new ArrayList<>();
    private final List<String> unparsed = new ArrayList<>();
    private final StringWriter stderr = new StringWriter();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private TracerRun(String tracer, Duration duration) {
        this.tracer = tracer;
        this.duration = duration;
    }

    /** Starts {@code run tracer --json --duration duration args...}. */
    static TracerRun start(String tracer, Duration duration, String... args) {
        TracerRun run = new TracerRun(tracer, duration);
        List<String> argv = new ArrayList<>(List.of("run", tracer, "--json", "--duration", duration.toMillis() + "ms"));
        argv.addAll(List.of(args));
        PrintWriter out = new PrintWriter(new LineWriter(run), true);
        PrintWriter err = new PrintWriter(run.stderr, true);
        Thread thread = new Thread(() -> {
            try {
                run.exit.complete(PolytraceCommand.commandLine(out, err).execute(argv.toArray(String[]::new)));
            } catch (Throwable t) {
                run.exit.completeExceptionally(t);
            }
        }, "polytrace-run-" + tracer);
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    /** Records printed so far. */
    synchronized List<JsonNode> records() {
        return List.copyOf(records);
    }

    /** Emitted records, without the tagged {@code sample} and {@code lost} records. */
    List<JsonNode> rows() {
        return records().stream().filter(r -> !r.has("sample") && !r.has("lost")).toList();
    }

    /** The texts of every {@code sample} record of map {@code map}, in order. */
    List<String> samples(String map) {
        return records().stream().filter(r -> map.equals(r.path("sample").asText(null)))
                .map(r -> r.path("text").asText()).toList();
    }

    String stderr() {
        return stderr.toString();
    }

    /**
     * Runs {@code trigger} until a record matches, then returns it; empty when the run ended or
     * the deadline (the start allowance plus the duration) passed first.
     */
    Optional<JsonNode> awaitRecord(Predicate<JsonNode> match, Runnable trigger) {
        long deadline = System.nanoTime() + START_ALLOWANCE.plus(duration).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> found = records().stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found;
            }
            if (exit.isDone()) {
                return records().stream().filter(match).findFirst();
            }
            trigger.run();
            pause();
        }
        return Optional.empty();
    }

    /** As {@link #awaitRecord}, failing the test with what was printed when nothing matches. */
    JsonNode expectRecord(String what, Predicate<JsonNode> match, Runnable trigger) {
        return awaitRecord(match, trigger).orElseGet(() -> fail(tracer + ": no record " + what + describe()));
    }

    /** Runs {@code workload} until the run ends (it stops after its duration), then checks it exited with 0. */
    void runUntilExit(Runnable workload) {
        long deadline = System.nanoTime() + START_ALLOWANCE.plus(duration).toNanos();
        while (!exit.isDone() && System.nanoTime() < deadline) {
            workload.run();
            pause();
        }
        assertExitedCleanly();
    }

    /** Waits for the run to end by itself and checks its exit code. */
    void assertExitedCleanly() {
        int code = awaitExit();
        assertEquals(0, code, () -> tracer + " exited with " + code + describe());
    }

    private int awaitExit() {
        try {
            return exit.get(START_ALLOWANCE.plus(duration).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail(tracer + ": still running after its duration" + describe());
        } catch (ExecutionException e) {
            return fail(tracer + ": the run threw" + describe(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    String describe() {
        List<JsonNode> all = records();
        StringBuilder out = new StringBuilder("\n-- stderr:\n").append(stderr()).append("\n-- ")
                .append(all.size()).append(" records, last ones:\n");
        all.subList(Math.max(0, all.size() - 15), all.size()).forEach(r -> out.append(r).append('\n'));
        synchronized (this) {
            unparsed.forEach(line -> out.append("(not JSON) ").append(line).append('\n'));
        }
        return out.toString();
    }

    /** Ends the test's use of the run: it stops by itself after its duration; wait for that. */
    @Override
    public void close() {
        if (!exit.isDone()) {
            awaitExit();
        }
    }

    private synchronized void add(String line) {
        if (line.isBlank()) {
            return;
        }
        try {
            records.add(JSON.readTree(line));
        } catch (IOException e) {
            unparsed.add(line);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the tracer", e);
        }
    }

    /** Splits what the CLI prints into lines and hands each to the run. */
    private static final class LineWriter extends Writer {
        private final TracerRun run;
        private final StringBuilder pending = new StringBuilder();

        LineWriter(TracerRun run) {
            this.run = run;
        }

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (chars[i] == '\n') {
                    run.add(pending.toString());
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
            run.add(pending.toString());
            pending.setLength(0);
        }
    }
}
