package dev.polytrace.host.tracer;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;

/**
 * Records that came after the attach and before the handler was ready, copied, in their order.
 * Bounded: when it is full the reader waits, and the ring buffer keeps what comes meanwhile (the
 * kernel counts what it cannot keep), so nothing is dropped without being counted.
 */
final class HeldRecords {
    private record Held(String stream, RecordLayout layout, byte[] bytes, ContainerInfo container) {
    }

    private final int capacity;
    private final ArrayDeque<Held> records = new ArrayDeque<>();

    HeldRecords(int capacity) {
        this.capacity = capacity;
    }

    boolean isFull() {
        return records.size() >= capacity;
    }

    /** {@code container}: as the session resolved it when it read the record (null: no process). */
    void add(String stream, RecordLayout layout, ByteBuffer raw, ContainerInfo container) {
        byte[] bytes = new byte[raw.remaining()];
        raw.get(raw.position(), bytes);
        records.add(new Held(stream, layout, bytes, container));
    }

    int size() {
        return records.size();
    }

    /** Hands every held record, oldest first, to {@code sink} and forgets them. */
    void replayTo(EventSink sink) {
        for (Held h = records.poll(); h != null; h = records.poll()) {
            sink.onRecord(h.stream(), h.layout(), ByteBuffer.wrap(h.bytes()).order(ByteOrder.LITTLE_ENDIAN),
                    h.container());
        }
    }

    void clear() {
        records.clear();
    }
}
