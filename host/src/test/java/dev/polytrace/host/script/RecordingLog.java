package dev.polytrace.host.script;

import dev.polytrace.script.api.HandlerLog;
import dev.polytrace.script.api.LogLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A handler log that keeps its lines, as "LEVEL message", and the threads that logged them. A
 * test can wait for a line (a marker the handler logs), or hold the logging thread at a gate.
 */
final class RecordingLog implements HandlerLog {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private final List<String> lines = new ArrayList<>();
    private final List<Long> nanos = new ArrayList<>(); // System.nanoTime() of each line
    private final Set<String> threads = new LinkedHashSet<>();
    private volatile Hold hold;
    private volatile Predicate<String> refused = message -> false;

    private record Hold(Predicate<String> messages, Gate gate) {
    }

    @Override
    public void log(LogLevel level, String message) {
        if (refused.test(message)) {
            throw new IllegalStateException("the log refused '" + message + "'");
        }
        synchronized (this) {
            lines.add(level + " " + message);
            nanos.add(System.nanoTime());
            threads.add(Thread.currentThread().getName());
            notifyAll();
        }
        Hold h = hold;
        if (h != null && h.messages().test(message)) {
            h.gate().stopHere(); // outside the lock: other threads go on logging
        }
    }

    /** From now on, a thread logging a message that {@code messages} accepts stops at {@code gate}. */
    void holdAt(Gate gate, Predicate<String> messages) {
        hold = new Hold(messages, gate);
    }

    /** From now on, logging a message that {@code messages} accepts throws (the guest sees a host exception). */
    void refuse(Predicate<String> messages) {
        refused = messages;
    }

    /** Waits until {@code line} ("LEVEL message") has been logged. */
    void awaitLine(String line) {
        awaitCount(line, 1);
    }

    /** Waits until {@code line} ("LEVEL message") has been logged {@code times} times. */
    void awaitCount(String line, int times) {
        await("'" + line + "' logged " + times + " times",
                lines -> lines.stream().filter(line::equals).count() >= times);
    }

    /** Waits until the lines logged so far satisfy {@code condition}. */
    synchronized void await(String what, Predicate<List<String>> condition) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.test(lines)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not " + what + " within " + HANG_GUARD + "; the log: " + lines);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** When the {@code k}th (from 1) line that {@code matches} accepts was logged, by {@link System#nanoTime}. */
    synchronized long loggedAt(Predicate<String> matches, int k) {
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (matches.test(lines.get(i)) && ++seen == k) {
                return nanos.get(i);
            }
        }
        throw new AssertionError("no line " + k + " of that kind in " + lines);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Names of the threads that logged. */
    synchronized Set<String> threads() {
        return Set.copyOf(threads);
    }

    synchronized String text() {
        return String.join("\n", lines);
    }
}
