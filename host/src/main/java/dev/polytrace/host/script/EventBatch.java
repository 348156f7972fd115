package dev.polytrace.host.script;

import dev.polytrace.script.api.GuestValues;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;

/**
 * The events of one guest call, read by the guest-side dispatch loop as {@code batch[i]}. Reading
 * element {@code i} is the moment event {@code i} starts, so it restarts the watchdog's per-event
 * budget and records which event a failure belongs to: the host then resumes after it. The
 * guest's view of an event is made only then, on the handler thread. One instance is reused for
 * every batch of a handler.
 */
final class EventBatch implements ProxyArray {
    private final List<QueuedEvent> events;
    private final Watchdog watchdog;
    private int current = -1;
    private boolean dictViews;

    EventBatch(int capacity, Watchdog watchdog) {
        this.events = new ArrayList<>(capacity);
        this.watchdog = watchdog;
    }

    List<QueuedEvent> events() {
        return events;
    }

    int size() {
        return events.size();
    }

    /** Index of the event being handled, or of the last one handed out; -1 before the first. */
    int current() {
        return current;
    }

    /** The language whose handler reads the events: it says how the host's views look. */
    void viewsFor(HandlerLanguage language) {
        this.dictViews = language.eventsReadAsDict();
    }

    void startAt(int index) {
        current = index - 1;
    }

    void clear() {
        events.clear();
        current = -1;
    }

    @Override
    public Object get(long index) {
        int i = (int) index;
        current = i;
        watchdog.restart();
        QueuedEvent event = events.get(i);
        return event.layout() != null ? GuestValues.event(event.layout(), event.raw(), dictViews)
                : GuestValues.event(event.fields(), event.raw());
    }

    @Override
    public void set(long index, Value value) {
        throw new UnsupportedOperationException("the event batch is read-only");
    }

    @Override
    public long getSize() {
        return events.size();
    }
}
