package dev.polytrace.host.script;

import dev.polytrace.host.container.ContainerInfo;
import java.util.List;
import java.util.function.Predicate;
import org.graalvm.polyglot.Value;

/**
 * How a batch of events reaches {@code onEvent}: events with a record layout through the
 * language's {@link ColumnDelivery} (the guest's own event objects, built by a loop compiled for
 * the layout); the others (events fed as maps, records that do not decode into columns) through
 * the guest-side loop over the host's event views. Either way a failing event costs that event
 * only: the loop resumes after it.
 */
final class EventDispatch {
    private final HandlerScript script;
    private final HandlerLanguage language;
    private final Value viewLoop;
    private final GuestLoop guestLoop;
    private final ColumnDelivery columns;
    private EventBatch viewBatch; // the batch a view run is in: it knows its current event

    EventDispatch(HandlerScript script, HandlerLanguage language, HandlerLanguage.GuestDispatch dispatch) {
        this.script = script;
        this.language = language;
        this.viewLoop = dispatch.viewLoop();
        this.guestLoop = new GuestLoop(script);
        this.columns = dispatch.columnDelivery().apply(guestLoop);
    }

    /** What the watchdog follows to restart the per-event budget. */
    long[] progress() {
        return guestLoop.progress();
    }

    /**
     * Feeds the batch from event {@code from} on to {@code onEvent}. A failing event is reported to
     * {@code onError}, then the loop resumes after it unless {@code onError} says to stop or the
     * failure left the context dead.
     *
     * @return the index after the last event handed to {@code onEvent}
     */
    int dispatch(EventBatch batch, int from, Object ctx, Value onEvent, Predicate<HandlerException> onError) {
        try {
            return dispatchRuns(batch, from, ctx, onEvent, onError);
        } finally {
            viewBatch = null;
        }
    }

    /**
     * The container of the event being handled, to tell which event a record emitted now belongs
     * to; null outside a run.
     */
    ContainerInfo currentContainer() {
        EventBatch batch = viewBatch;
        if (batch != null) {
            int index = batch.current();
            return index >= 0 && index < batch.size() ? batch.events().get(index).container() : null;
        }
        return guestLoop.currentContainer();
    }

    private int dispatchRuns(EventBatch batch, int from, Object ctx, Value onEvent,
                             Predicate<HandlerException> onError) {
        List<QueuedEvent> events = batch.events();
        int count = events.size();
        batch.viewsFor(language);
        int next = from;
        while (next < count && !script.isDead()) {
            RunOutcome run = events.get(next).layout() == null ? RunOutcome.NOT_COLUMNAR
                    : columns.deliver(events, next, ctx, onEvent, onError);
            if (run.handled() == 0 && !run.stopped()) {
                // Not decodable into columns: this event and the following ones without a layout
                // go through the host's event views.
                int end = next + 1;
                while (end < count && events.get(end).layout() == null) {
                    end++;
                }
                run = viewRun(batch, next, end, ctx, onEvent, onError);
            }
            next += run.handled();
            if (run.stopped()) {
                return next;
            }
        }
        return Math.min(next, count);
    }

    /** Events {@code from..end} through the host's event views. */
    private RunOutcome viewRun(EventBatch batch, int from, int end, Object ctx, Value onEvent,
                               Predicate<HandlerException> onError) {
        int start = from;
        while (start < end) {
            if (script.isDead()) {
                return RunOutcome.stoppedAfter(start - from);
            }
            batch.startAt(start);
            viewBatch = batch;
            int first = start;
            try {
                script.callOnEvent(() -> viewLoop.execute(batch, first, end, onEvent, ctx));
                return RunOutcome.all(end - from);
            } catch (HandlerException e) {
                start = Math.max(batch.current(), first) + 1;
                if (!onError.test(e) || script.isDead()) {
                    return RunOutcome.stoppedAfter(start - from);
                }
            }
        }
        return RunOutcome.all(end - from);
    }
}
