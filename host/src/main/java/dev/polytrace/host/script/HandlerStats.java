package dev.polytrace.host.script;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one handler, written by the reader threads (received, dropped) and the handler
 * thread (everything else), read from anywhere.
 */
final class HandlerStats {
    final LongAdder received = new LongAdder();
    final LongAdder handled = new LongAdder();
    final LongAdder failedEvents = new LongAdder();
    final LongAdder ignored = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder unhandled = new LongAdder();
    final LongAdder rebuilds = new LongAdder();
    final LongAdder busyNanos = new LongAdder();
    private final Map<String, LongAdder> droppedByStream = new ConcurrentHashMap<>();
    private volatile StreamDrops lastDropped;
    private final AtomicReference<HandlerException> firstError = new AtomicReference<>();
    private final AtomicReference<HandlerException> stopCause = new AtomicReference<>();

    /** Back to zero, when nothing is counting (after a warm-up, before the real start). */
    void reset() {
        for (LongAdder adder : new LongAdder[] {received, handled, failedEvents, ignored, timeouts, errors, unhandled,
            rebuilds, busyNanos}) {
            adder.reset();
        }
        droppedByStream.clear();
        lastDropped = null;
        firstError.set(null);
        stopCause.set(null);
    }

    void dropped(String stream) {
        StreamDrops last = lastDropped; // under overload every record of a stream comes here: skip the map
        if (last == null || last.stream() != stream) {
            last = new StreamDrops(stream, droppedByStream.computeIfAbsent(stream, s -> new LongAdder()));
            lastDropped = last;
        }
        last.count().increment();
    }

    private record StreamDrops(String stream, LongAdder count) {
    }

    long dropped() {
        return droppedByStream.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Drops so far per stream (a snapshot). */
    Map<String, Long> droppedByStream() {
        Map<String, Long> snapshot = new java.util.TreeMap<>();
        droppedByStream.forEach((stream, count) -> snapshot.put(stream, count.sum()));
        return snapshot;
    }

    void error(HandlerException e) {
        errors.increment();
        if (e.kind() == HandlerException.Kind.TIMEOUT) {
            timeouts.increment();
        }
        firstError.compareAndSet(null, e);
    }

    void stopped(HandlerException cause) {
        stopCause.compareAndSet(null, cause);
    }

    HandlerException stopCause() {
        return stopCause.get();
    }

    HandlerReport report(String fileName, Object exitState) {
        HandlerException first = firstError.get();
        HandlerException stop = stopCause.get();
        return new HandlerReport(fileName, received.sum(), handled.sum(), failedEvents.sum(), ignored.sum(), dropped(),
                unhandled.sum(), errors.sum(), timeouts.sum(), rebuilds.sum(), first == null ? null : first.getMessage(),
                stop == null ? null : stop.getMessage(), exitState, busyNanos.sum());
    }
}
