package dev.polytrace.host.script;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Predicate;
import org.graalvm.polyglot.Value;

/**
 * How a batch of events reaches {@code onEvent}: through the guest-side loop over the host's
 * event views (JavaScript, and Python events without a record layout), or for Python through
 * the loop of the events' layout over packed records ({@link PythonEventTypes}). Either way a
 * failing event costs that event only: the loop resumes after it.
 */
final class EventDispatch {
    private final HandlerScript script;
    private final boolean python;
    private final Value viewLoop;
    private final PythonEventTypes eventTypes; // null for JavaScript
    // The index of the event a Python loop is at, written by the guest, followed by the watchdog,
    // and read here when an event failed.
    private final long[] progress = new long[1];

    EventDispatch(HandlerScript script, HandlerLanguage language, HandlerLanguage.Dispatch dispatch, int batchSize) {
        this.script = script;
        this.python = language == HandlerLanguage.PYTHON;
        this.viewLoop = dispatch.loop();
        this.eventTypes = dispatch.defineEventType() == null ? null
                : new PythonEventTypes(dispatch.defineEventType(), batchSize);
    }

    /** What the watchdog follows to restart the per-event budget. */
    long[] progress() {
        return progress;
    }

    /**
     * Feeds the batch to {@code onEvent} through the guest-side loop. A failing event is reported to
     * {@code onError}, then the loop resumes after it unless {@code onError} says to stop.
     *
     * @return how many events of the batch were handed to {@code onEvent}
     */
    int dispatch(EventBatch batch, Object ctx, Value onEvent, Predicate<HandlerException> onError) {
        List<QueuedEvent> events = batch.events();
        int count = events.size();
        batch.viewsFor(python);
        int next = 0;
        while (next < count && !script.isDead()) {
            QueuedEvent first = events.get(next);
            int run = eventTypes == null || first.layout() == null ? 0 : pythonRun(events, next, ctx, onEvent, onError);
            if (run < 0) {
                return next - run - 1; // stopped after the event at next - run - 1
            }
            if (run == 0) {
                // Not decodable into columns: this event and the following ones without a layout
                // go through the host's event views.
                int end = next + 1;
                while (end < count && (eventTypes == null || events.get(end).layout() == null)) {
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
        try {
            int start = 0;
            while (start < rows) {
                progress[0] = start;
                int first = start;
                try {
                    script.callOnEvent(() -> types.loop().execute(packed,
                            columns.recordLength(), columns.columns(), progress, first, rows, onEvent, ctx));
                    return rows;
                } catch (HandlerException e) {
                    start = (int) Math.max(first, Math.min(progress[0], rows - 1)) + 1;
                    if (!onError.test(e)) {
                        return -(start + 1);
                    }
                }
            }
            return rows;
        } finally {
            columns.clear(rows);
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
            int first = start;
            try {
                script.callOnEvent(() -> viewLoop.execute(batch, first, end, onEvent, ctx));
                return -1;
            } catch (HandlerException e) {
                start = Math.max(batch.current(), first) + 1;
                if (!onError.test(e)) {
                    return start;
                }
            }
        }
        return -1;
    }
}
