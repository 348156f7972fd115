package dev.polytrace.samples;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code polytrace run PACKAGE --json --duration D ARGS...} run in this JVM as a user runs it,
 * its standard output parsed as JSON Lines while it runs.
 */
final class CliRun implements AutoCloseable {
    /** Starting a handler's guest language in a busy JVM can take a while. */
    private static final Duration ALLOWANCE = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration duration;
    private final List<JsonNode> records = new ArrayList<>();
    private final StringWriter stderr = new StringWriter();
    private final StringBuilder line = new StringBuilder();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private CliRun(Duration duration) {
        this.duration = duration;
    }

    static CliRun start(String pkg, Duration duration, String... args) {
        CliRun run = new CliRun(duration);
        List<String> argv = new ArrayList<>(List.of("run", pkg, "--json", "--duration", duration.toMillis() + "ms"));
        argv.addAll(List.of(args));
        PrintWriter out = new PrintWriter(run.new Lines(), true);
        PrintWriter err = new PrintWriter(run.stderr, true);
        Thread thread = new Thread(() -> {
            try {
                run.exit.complete(PolytraceCommand.commandLine(out, err).execute(argv.toArray(String[]::new)));
            } catch (Throwable t) {
                run.exit.completeExceptionally(t);
            }
        }, "polytrace-sample-run");
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    synchronized List<JsonNode> records() {
        return List.copyOf(records);
    }

    /**
     * Calls {@code trigger} (on this thread) until a record matches, and returns it. The run's
     * duration counts from its attach, so triggering repeatedly needs no guess of when that was.
     */
    JsonNode expect(String what, Predicate<JsonNode> match, Runnable trigger) {
        long deadline = System.nanoTime() + ALLOWANCE.plus(duration).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode r : records()) {
                if (match.test(r)) {
                    return r;
                }
            }
            if (exit.isDone()) {
                break;
            }
            trigger.run();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return records().stream().filter(match).findFirst().orElseGet(() -> fail("no record " + what + describe()));
    }

    String describe() {
        List<JsonNode> all = records();
        StringBuilder out = new StringBuilder("\n-- stderr:\n").append(stderr).append("\n-- last records:\n");
        all.subList(Math.max(0, all.size() - 10), all.size()).forEach(r -> out.append(r).append('\n'));
        return out.toString();
    }

    /** Waits for the run to stop after its duration and checks it exited with 0. */
    @Override
    public void close() throws Exception {
        int code = exit.get(ALLOWANCE.plus(duration).toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(0, code, () -> "exit code " + code + describe());
    }

    private synchronized void add(String text) {
        if (text.isBlank()) {
            return;
        }
        try {
            records.add(JSON.readTree(text));
        } catch (IOException e) {
            // a non-JSON line (there should be none with --json); describe() shows stderr
        }
    }

    private final class Lines extends Writer {
        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (chars[i] == '\n') {
                    add(line.toString());
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
            add(line.toString());
            line.setLength(0);
        }
    }
}
