package dev.polytrace.host.session;

import dev.polytrace.bpf.BpfClosedException;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.script.codec.BtfCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A thread that reads one event stream, decodes each record through BTF and feeds the sink. */
final class StreamPump {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final BtfCodec CODEC = new BtfCodec();

    private final String stream;
    private final EventStreamReader reader;
    private final BtfType type;
    private final EventSink sink;
    private final SessionStats stats;
    private final Thread thread;
    private volatile boolean running = true;
    private long reportedLost;

    StreamPump(String stream, EventStreamReader reader, BtfType type, EventSink sink, SessionStats stats) {
        this.stream = stream;
        this.reader = reader;
        this.type = type;
        this.sink = sink;
        this.stats = stats;
        this.thread = new Thread(this::run, "polytrace-events-" + stream);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                reader.poll(POLL, this::deliver);
                reportLost();
            }
        } catch (BpfClosedException e) {
            // closed by stop(): the normal way out
        }
    }

    private void deliver(ByteBuffer record) {
        Map<String, Object> event;
        try {
            event = decode(record);
        } catch (RuntimeException e) {
            stats.decodeErrors.increment();
            return;
        }
        stats.events.increment();
        sink.onEvent(stream, event, record.duplicate());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> decode(ByteBuffer record) {
        Object value = CODEC.decode(type, record, 0);
        if (type.resolve() instanceof BtfStruct && value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("value", value);
        return wrapped;
    }

    private void reportLost() {
        long lost = reader.lost();
        if (lost > reportedLost) {
            long delta = lost - reportedLost;
            reportedLost = lost;
            stats.lost.add(delta);
            sink.onLost(stream, delta);
        }
    }

    /** Stops the thread, then drains what is left so no record produced before stop is lost. */
    void stop() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            while (reader.poll(Duration.ZERO, this::deliver) > 0) {
                // drain
            }
        } catch (RuntimeException ignored) {
            // the reader may already be closed
        }
        reportLost();
        reader.close();
    }
}
