package dev.polytrace.host.repl;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.container.ProcessFields;
import dev.polytrace.host.script.HandlerSink;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The session's one sink in the REPL: every event is kept in the ring for the prompt and, once a
 * handler is attached ({@code :handler}, or the package's own), also handed to it. The handler
 * can come later than the session, which cannot change its sink.
 */
final class TracerFanout implements EventSink {
    private final EventRing ring;
    private volatile HandlerSink handler;

    TracerFanout(EventRing ring) {
        this.ring = ring;
    }

    void attach(HandlerSink sink) {
        this.handler = sink;
    }

    HandlerSink handler() {
        return handler;
    }

    @Override
    public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        HandlerSink h = handler;
        if (h != null) {
            h.onEvent(stream, event, raw.duplicate());
        }
        ring.onEvent(stream, event, raw);
    }

    /** Decoded once for the ring and the handler, with the container when the process is in one. */
    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw, ContainerInfo container) {
        onEvent(stream, ProcessFields.decode(layout, raw, container), raw);
    }

    @Override
    public void onSample(String map, String rendered) {
        ring.onSample(map, rendered);
    }

    @Override
    public void onLost(String stream, long count) {
        ring.onLost(stream, count);
    }

    /** The handler drains its queue and runs its onExit; the ring needs nothing. */
    @Override
    public void onClose() {
        HandlerSink h = handler;
        if (h != null) {
            h.onClose();
        }
    }
}
