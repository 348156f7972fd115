package dev.polytrace.host.script;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.maps.MapReport;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.script.codec.RecordLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sink in front of a {@link HandlerRuntime}: reader threads call {@link #onRecord}, which only
 * copies the record into the handler's bounded queue (dropping and counting when it is full), so
 * the kernel side is never held up by the guest. Samples, printed maps and losses are the run's
 * output, which the handler does not see: they go straight there. Closing it closes the runtime.
 */
final class HandlerFeed implements EventSink {
    private static final VarHandle LITTLE_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final HandlerThread thread;
    private final HandlerStats stats;
    private final EventSink output;
    private final Consumer<Runnable> close;
    private volatile boolean accepting = true;

    /** @param close closes the runtime, running its argument (the run's last output) before the output closes */
    HandlerFeed(HandlerThread thread, HandlerStats stats, EventSink output, Consumer<Runnable> close) {
        this.thread = thread;
        this.stats = stats;
        this.output = output;
        this.close = close;
    }

    /** From now on records are ignored: the runtime is stopping. */
    void refuse() {
        accepting = false;
    }

    @Override
    public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        if (!accepting) {
            return;
        }
        stats.received.increment();
        queue(QueuedEvent.decoded(stream, event, copy(raw)));
    }

    /** The fast path: only the bytes are copied here; the handler thread decodes what the handler reads. */
    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw) {
        onRecord(stream, layout, raw, null);
    }

    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw, ContainerInfo container) {
        if (!accepting) {
            return;
        }
        stats.received.increment();
        if (thread.isFull()) { // overloaded: drop before copying, leaving the CPU to the handler
            stats.dropped(stream);
            return;
        }
        queue(QueuedEvent.undecoded(stream, layout, copy(raw), container));
    }

    private void queue(QueuedEvent event) {
        if (!thread.offer(event)) {
            stats.dropped(event.stream());
        }
    }

    /**
     * The record's bytes, copied eight at a time: a bulk get from the mapped ring went through
     * a memory-copy stub and cost as much as the rest of queueing a record.
     */
    private static byte[] copy(ByteBuffer raw) {
        int length = raw.remaining();
        int from = raw.position();
        byte[] bytes = new byte[length];
        if (raw.order() != ByteOrder.LITTLE_ENDIAN) {
            raw.get(from, bytes);
            return bytes;
        }
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            LITTLE_ENDIAN_LONGS.set(bytes, i, raw.getLong(from + i));
        }
        for (; i < length; i++) {
            bytes[i] = raw.get(from + i);
        }
        return bytes;
    }

    @Override
    public void onSample(String map, String rendered) {
        output.onSample(map, rendered);
    }

    @Override
    public void onMap(MapReport report) {
        output.onMap(report);
    }

    @Override
    public void onLost(String stream, long count) {
        output.onLost(stream, count);
    }

    /** The runtime drains the queue (for a bounded time), runs {@code onExit}, closes the context, then the output. */
    @Override
    public void onClose() {
        close.accept(() -> { });
    }

    @Override
    public void onClose(Runnable lastOutput) {
        close.accept(lastOutput);
    }
}
