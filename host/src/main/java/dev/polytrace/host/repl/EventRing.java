package dev.polytrace.host.repl;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The latest events of a tracer, kept in a bounded ring so the user can look back ({@code :events})
 * or follow them ({@code :follow}) at any time: the oldest are overwritten, never the readers
 * held up. Written by the session's reader threads, read by the prompt. Stream records are kept
 * undecoded (see {@link RecordedEvent}).
 */
final class EventRing implements EventSink {
    static final int DEFAULT_CAPACITY = 10_000;
    private static final byte[] NO_BYTES = new byte[0];

    private final RecordedEvent[] slots;
    private long next = 1;

    EventRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.slots = new RecordedEvent[capacity];
    }

    @Override
    public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        byte[] bytes = NO_BYTES;
        if (raw != null && raw.remaining() > 0) {
            bytes = new byte[raw.remaining()];
            raw.get(raw.position(), bytes);
        }
        add(stream, event, bytes);
    }

    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw) {
        onRecord(stream, layout, raw, null);
    }

    /**
     * The fast path: the bytes are copied, the fields (with the container, when the process is in
     * one) decoded only when the prompt shows them.
     */
    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw, ContainerInfo container) {
        byte[] bytes = new byte[raw.remaining()];
        raw.get(raw.position(), bytes);
        Instant now = Instant.now();
        synchronized (this) {
            long seq = next++;
            slots[(int) (seq % slots.length)] = RecordedEvent.undecoded(seq, now, stream, layout, bytes, container);
        }
    }

    synchronized void add(String stream, Map<String, Object> event, byte[] raw) {
        long seq = next++;
        slots[(int) (seq % slots.length)] = RecordedEvent.decoded(seq, Instant.now(), stream, event, raw);
    }

    /** Sampled maps are read on demand in the REPL ({@code :dump}, {@code :watch}). */
    @Override
    public void onSample(String map, String rendered) {
    }

    /** The session counts what the kernel side lost, the handler what its queue dropped: :stats shows both. */
    @Override
    public void onLost(String stream, long count) {
    }

    /** The last {@code count} events, oldest first; only those of {@code stream} unless it is null. */
    synchronized List<RecordedEvent> latest(int count, String stream) {
        List<RecordedEvent> found = new ArrayList<>();
        for (long seq = next - 1; seq >= oldest() && found.size() < count; seq--) {
            RecordedEvent e = slots[(int) (seq % slots.length)];
            if (stream == null || e.stream().equals(stream)) {
                found.add(e);
            }
        }
        Collections.reverse(found);
        return found;
    }

    /** Events after {@code seq} still in the ring, oldest first. */
    synchronized List<RecordedEvent> after(long seq) {
        List<RecordedEvent> found = new ArrayList<>();
        for (long s = Math.max(seq + 1, oldest()); s < next; s++) {
            found.add(slots[(int) (s % slots.length)]);
        }
        return found;
    }

    /** The number of the newest event, 0 before the first. */
    synchronized long lastSeq() {
        return next - 1;
    }

    synchronized int size() {
        return (int) Math.min(next - 1, slots.length);
    }

    int capacity() {
        return slots.length;
    }

    /** Events that were pushed out of the ring by newer ones. */
    synchronized long overwritten() {
        return Math.max(0, next - 1 - slots.length);
    }

    private long oldest() {
        return Math.max(1, next - slots.length);
    }
}
