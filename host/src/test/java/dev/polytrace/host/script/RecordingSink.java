package dev.polytrace.host.script;

import dev.polytrace.host.session.EventSink;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The run's output as a test sees it: emitted records, samples, losses, whether it was closed. */
final class RecordingSink implements EventSink {
    final List<Map<String, Object>> records = new ArrayList<>();
    final List<String> streams = new ArrayList<>();
    final Map<String, Long> lost = new LinkedHashMap<>();
    final List<String> samples = new ArrayList<>();
    final List<Integer> recordsAtFlush = new ArrayList<>();
    volatile boolean closed;

    @Override
    public synchronized void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        streams.add(stream);
        records.add(event);
    }

    @Override
    public synchronized void onSample(String map, String rendered) {
        samples.add(map + ": " + rendered);
    }

    @Override
    public synchronized void onLost(String stream, long count) {
        lost.merge(stream, count, Long::sum);
    }

    @Override
    public synchronized void flush() {
        recordsAtFlush.add(records.size());
    }

    /** How many records had come at each flush that followed new ones. */
    synchronized List<Integer> recordsAtFlush() {
        return recordsAtFlush.stream().filter(n -> n > 0).distinct().toList();
    }

    @Override
    public void onClose() {
        closed = true;
    }

    synchronized List<Map<String, Object>> records() {
        return List.copyOf(records);
    }

    /** Events reported lost on {@code stream}, or null if none. */
    synchronized Long lost(String stream) {
        return lost.get(stream);
    }

    synchronized long lostTotal() {
        return lost.values().stream().mapToLong(Long::longValue).sum();
    }
}
