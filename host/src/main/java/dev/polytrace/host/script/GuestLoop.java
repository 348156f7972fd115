package dev.polytrace.host.script;

import dev.polytrace.host.container.ContainerInfo;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.graalvm.polyglot.Value;

/**
 * Runs a guest loop over a run of events and resumes it after a failing one: what every
 * language's {@link ColumnDelivery} shares. The loop writes the index of the event it is at into
 * {@link #progress()}, which the watchdog follows to restart the per-event budget.
 */
final class GuestLoop {
    private final HandlerScript script;
    private final long[] progress = new long[1];
    // The run a loop is in and where to read its index, to tell which event's container a record
    // emitted now belongs to.
    private List<QueuedEvent> runEvents;
    private int runFrom;
    private LongSupplier runIndex;

    GuestLoop(HandlerScript script) {
        this.script = script;
    }

    HandlerScript script() {
        return script;
    }

    /** The index of the event a loop is at, written by the guest. */
    long[] progress() {
        return progress;
    }

    /** The container of the event the running loop is at; null outside a run. */
    ContainerInfo currentContainer() {
        List<QueuedEvent> events = runEvents;
        LongSupplier index = runIndex;
        if (events == null || index == null) {
            return null;
        }
        int at = runFrom + (int) failedAt(index, 0);
        return at >= 0 && at < events.size() ? events.get(at).container() : null;
    }

    /**
     * Runs a layout's loop over {@code rows} events from {@code events[from]}; after a failing event (the one
     * {@code failedAt} names, read after the failure) it goes on after it, unless {@code onError}
     * says stop or the context died.
     */
    RunOutcome run(List<QueuedEvent> events, int from, int rows, IntFunction<Value> fromEvent,
                   Predicate<HandlerException> onError, LongSupplier failedAt) {
        runEvents = events;
        runFrom = from;
        runIndex = failedAt;
        try {
            return runFrom(rows, fromEvent, onError, failedAt);
        } finally {
            runEvents = null;
            runIndex = null;
        }
    }

    private RunOutcome runFrom(int rows, IntFunction<Value> fromEvent, Predicate<HandlerException> onError,
                               LongSupplier failedAt) {
        int start = 0;
        while (start < rows) {
            progress[0] = start;
            int first = start;
            try {
                script.callOnEvent(() -> fromEvent.apply(first));
                return RunOutcome.all(rows);
            } catch (HandlerException e) {
                start = (int) Math.max(first, Math.min(failedAt(failedAt, first), rows - 1)) + 1;
                if (!onError.test(e) || script.isDead()) {
                    return RunOutcome.stoppedAfter(start);
                }
            }
        }
        return RunOutcome.all(rows);
    }

    /** Where the loop was when it failed; {@code first} if that cannot be read (the context is gone). */
    private static long failedAt(LongSupplier where, int first) {
        try {
            return where.getAsLong();
        } catch (RuntimeException e) {
            return first;
        }
    }
}
