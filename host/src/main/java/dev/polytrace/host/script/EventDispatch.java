package dev.polytrace.host.script;

import dev.polytrace.host.container.ContainerInfo;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.graalvm.polyglot.Value;

/**
 * How a batch of events reaches {@code onEvent}: for events with a record layout, through the
 * loop of that layout, which builds the guest's own event objects (Python: {@link
 * PythonEventTypes} over packed records; JavaScript: {@link JsEventTypes} over decoded columns);
 * for the others (events fed as maps), through the guest-side loop over the host's event views. Either way a
 * failing event costs that event only: the loop resumes after it.
 */
final class EventDispatch {
    private final HandlerScript script;
    private final boolean python;
    private final Value viewLoop;
    private final PythonEventTypes eventTypes; // null for JavaScript
    private final JsEventTypes jsTypes;        // null for Python
    // The index of the event a Python loop is at, written by the guest, followed by the watchdog,
    // and read here when an event failed.
    private final long[] progress = new long[1];
    // The run onEvent is in, to tell which event's container a record emitted now belongs to.
    private List<QueuedEvent> runEvents;
    private int runFrom;
    private Value runAt;        // Python: the guest's one-element list holding the index in the run
    private EventBatch runBatch; // host views: the batch, which knows its current event

    /** @param compileJs evaluates host JavaScript in the handler's context (unused for Python) */
    EventDispatch(HandlerScript script, HandlerLanguage language, HandlerLanguage.Dispatch dispatch, int batchSize,
                  Function<String, Value> compileJs) {
        this.script = script;
        this.python = language == HandlerLanguage.PYTHON;
        this.viewLoop = dispatch.loop();
        this.eventTypes = python ? new PythonEventTypes(dispatch.defineEventType(), batchSize) : null;
        this.jsTypes = python ? null : new JsEventTypes(compileJs, batchSize);
    }

    /** What the watchdog follows to restart the per-event budget. */
    long[] progress() {
        return progress;
    }

    /**
     * Feeds the batch from event {@code from} on to {@code onEvent} through the guest-side loop. A
     * failing event is reported to {@code onError}, then the loop resumes after it unless {@code
     * onError} says to stop or the failure left the context dead.
     *
     * @return the index after the last event handed to {@code onEvent}
     */
    int dispatch(EventBatch batch, int from, Object ctx, Value onEvent, Predicate<HandlerException> onError) {
        try {
            return dispatchRuns(batch, from, ctx, onEvent, onError);
        } finally {
            runEvents = null;
            runAt = null;
            runBatch = null;
        }
    }

    /**
     * The container of the event being handled, read from where the running loop keeps its index
     * (JS writes it into {@link #progress}, Python into its own list); null outside a run.
     */
    ContainerInfo currentContainer() {
        int index;
        if (runBatch != null) {
            index = runBatch.current();
            return index >= 0 && index < runBatch.size() ? runBatch.events().get(index).container() : null;
        }
        if (runEvents == null) {
            return null;
        }
        index = runFrom + (int) (runAt != null ? runAt.getArrayElement(0).asLong() : progress[0]);
        return index >= 0 && index < runEvents.size() ? runEvents.get(index).container() : null;
    }

    private int dispatchRuns(EventBatch batch, int from, Object ctx, Value onEvent,
                             Predicate<HandlerException> onError) {
        List<QueuedEvent> events = batch.events();
        int count = events.size();
        batch.viewsFor(python);
        int next = from;
        while (next < count && !script.isDead()) {
            QueuedEvent first = events.get(next);
            int run = first.layout() == null ? 0 : python ? pythonRun(events, next, ctx, onEvent, onError)
                    : jsRun(events, next, ctx, onEvent, onError);
            if (run < 0) {
                return next - run - 1; // stopped after the event at next - run - 1
            }
            if (run == 0) {
                // Not decodable into columns: this event and the following ones without a layout
                // go through the host's event views.
                int end = next + 1;
                while (end < count && events.get(end).layout() == null) {
                    end++;
                }
                int stoppedAt = viewRun(batch, next, end, ctx, onEvent, onError);
                if (stoppedAt >= 0) {
                    return stoppedAt;
                }
                run = end - next;
            }
            next += run;
        }
        return Math.min(next, count);
    }

    /**
     * Python: decodes the events from {@code from} that share its layout into columns and runs
     * the layout's loop over them.
     *
     * @return how many events were handled, 0 when the first cannot be decoded into columns, or
     *         {@code -(k + 1)} when the handler stopped after the {@code k}th of them
     */
    private int pythonRun(List<QueuedEvent> events, int from, Object ctx, Value onEvent,
                          Predicate<HandlerException> onError) {
        PythonEventTypes.LayoutDispatch types = eventTypes.forLayout(events.get(from).layout());
        EventColumns columns = types.columns();
        int rows = columns.fill(events, from, events.size());
        StringNumbering strings = columns.strings();
        Object[] fresh = strings.fresh();
        if (fresh.length > 0 || strings.restarted()) {
            try {
                script.callOnEvent(() -> {
                    if (strings.restarted()) {
                        types.clearStrings().execute();
                    }
                    return types.extendStrings().execute((Object) fresh);
                });
            } catch (HandlerException e) {
                strings.forget(); // the guest's list missed these: number from scratch next time
                onError.test(e);
                return -1; // none of the run was handled
            }
        }
        BigInteger packed = columns.packed(rows);
        runEvents = events;
        runFrom = from;
        runAt = types.at();
        try {
            return loop(rows, first -> types.loop().execute(packed, columns.recordLength(), columns.columns(),
                    progress, Watchdog.PROGRESS_QUANTUM_NANOS, first, rows, onEvent, ctx), onError,
                    () -> types.at().getArrayElement(0).asLong());
        } finally {
            columns.clear(rows);
        }
    }

    /**
     * JavaScript: as {@link #pythonRun}, with the layout's loop over columns of the events' fields.
     * The loop first adds the strings numbered for this run to its list (again after a failing
     * event, which does nothing if they are there); after a failure the numbering starts over next
     * run, in case the guest was stopped while adding them.
     */
    private int jsRun(List<QueuedEvent> events, int from, Object ctx, Value onEvent,
                      Predicate<HandlerException> onError) {
        JsEventTypes.LayoutDispatch types = jsTypes.forLayout(events.get(from).layout());
        if (types.loop() == null) {
            return 0;
        }
        JsColumns columns = types.columns();
        StringNumbering strings = types.strings();
        int rows = columns.fill(events, from, events.size(), strings);
        Object[] fresh = strings.fresh();
        int base = strings.size() - fresh.length;
        boolean restart = strings.restarted();
        boolean[] failed = {false};
        runEvents = events;
        runFrom = from;
        runAt = null;
        try {
            return loop(rows, first -> types.loop().execute(columns.arrays(), columns.bigs(), fresh, base, restart,
                    progress, first, rows, onEvent, ctx), e -> {
                        failed[0] = true;
                        return onError.test(e);
                    }, () -> progress[0]);
        } finally {
            columns.clear(rows);
            if (failed[0]) {
                strings.forget();
            }
        }
    }

    /**
     * Runs a layout's loop over {@code rows} events from the first; after a failing event
     * (the one {@code failedAt} names, read after the failure) it goes on after it, unless
     * {@code onError} says stop.
     *
     * @return {@code rows}, or {@code -(k + 1)} when the handler stopped (or its context died) after
     *         the {@code k}th event
     */
    private int loop(int rows, IntFunction<Value> fromEvent, Predicate<HandlerException> onError,
                     LongSupplier failedAt) {
        int start = 0;
        while (start < rows) {
            progress[0] = start;
            int first = start;
            try {
                script.callOnEvent(() -> fromEvent.apply(first));
                return rows;
            } catch (HandlerException e) {
                start = (int) Math.max(first, Math.min(failedAt(failedAt, first), rows - 1)) + 1;
                if (!onError.test(e) || script.isDead()) {
                    return -(start + 1);
                }
            }
        }
        return rows;
    }

    /** Where the loop was when it failed; {@code first} if that cannot be read (the context is gone). */
    private static long failedAt(LongSupplier where, int first) {
        try {
            return where.getAsLong();
        } catch (RuntimeException e) {
            return first;
        }
    }

    /** Events {@code from..end} through the host's event views; the index it stopped at, or -1. */
    private int viewRun(EventBatch batch, int from, int end, Object ctx, Value onEvent,
                        Predicate<HandlerException> onError) {
        int start = from;
        while (start < end) {
            if (script.isDead()) {
                return start;
            }
            batch.startAt(start);
            runBatch = batch;
            int first = start;
            try {
                script.callOnEvent(() -> viewLoop.execute(batch, first, end, onEvent, ctx));
                return -1;
            } catch (HandlerException e) {
                start = Math.max(batch.current(), first) + 1;
                if (!onError.test(e) || script.isDead()) {
                    return start;
                }
            }
        }
        return -1;
    }
}
