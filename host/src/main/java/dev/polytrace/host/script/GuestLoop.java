package dev.polytrace.host.script;

import dev.polytrace.host.container.ContainerInfo;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.graalvm.polyglot.Value;

/**
 * Runs a guest loop over a run of events and resumes it after a failing one: what every
 * language's {@link ColumnDelivery} shares. The loop writes the index of the event it is at into
 * {@link #progress()}, which the watchdog follows to restart the per-event budget. Its calls go
 * into the guest as every call of {@code onEvent} does: under the per-event budget, a failure
 * turned into a {@link HandlerException}.
 *
 * <p>Public for the language packages ({@code script.js}, {@code script.python}); only the runtime
 * here makes one.
 */
public final class GuestLoop {
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

    /** The index of the event a loop is at, written by the guest. */
    public long[] progress() {
        return progress;
    }

    /**
     * How stale a loop may let {@link #progress()} get: a loop for which writing it per event is
     * too dear writes it only once this many nanoseconds passed since it last did.
     */
    public static long progressQuantumNanos() {
        return Watchdog.PROGRESS_QUANTUM_NANOS;
    }

    /** A call into the handler's context outside a loop (a run's set-up), as a call of {@code onEvent}. */
    public Value callOnEvent(Supplier<Value> body) {
        return script.callOnEvent(body);
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
    public RunOutcome run(List<QueuedEvent> events, int from, int rows, IntFunction<Value> fromEvent,
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
