package dev.polytrace.host.tracer;

import dev.polytrace.host.maps.MapReport;
import dev.polytrace.host.script.HandlerSink;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The one sink a running tracer's session writes to. Records go to the handler when one runs
 * (which writes what it emits to the output), otherwise straight to the output; a handler can be
 * put in front while the session runs, which cannot change its sink. With {@link
 * Delivery#EVERY_EVENT_TO_OUTPUT} the output also gets every record beside the handler (the REPL
 * keeps them for the prompt). Records keep their undecoded fast path ({@link #onRecord}) both ways.
 */
final class HandlerRoute implements EventSink {
    private final EventSink output;
    private final Delivery delivery;
    private volatile HandlerSink handler;

    HandlerRoute(EventSink output, Delivery delivery) {
        this.output = output;
        this.delivery = delivery;
    }

    /** From now on records go to {@code next} (loaded and started) as well, or instead. */
    void putInFront(HandlerSink next) {
        this.handler = next;
    }

    HandlerSink handler() {
        return handler;
    }

    private EventSink target() {
        HandlerSink h = handler;
        return h != null ? h : output;
    }

    private boolean alsoToOutput() {
        return delivery == Delivery.EVERY_EVENT_TO_OUTPUT && handler != null;
    }

    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw) {
        if (alsoToOutput()) {
            handler.onRecord(stream, layout, raw.duplicate());
            output.onRecord(stream, layout, raw);
        } else {
            target().onRecord(stream, layout, raw);
        }
    }

    @Override
    public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        if (alsoToOutput()) {
            handler.onEvent(stream, event, raw.duplicate());
            output.onEvent(stream, event, raw);
        } else {
            target().onEvent(stream, event, raw);
        }
    }

    @Override
    public void flush() {
        target().flush();
        if (alsoToOutput()) {
            output.flush();
        }
    }

    @Override
    public void onSample(String map, String rendered) {
        target().onSample(map, rendered);
    }

    @Override
    public void onMap(MapReport report) {
        target().onMap(report);
    }

    @Override
    public void onLost(String stream, long count) {
        target().onLost(stream, count);
    }

    /** A handler drains, runs onExit, then closes the output; without one the output closes. */
    @Override
    public void onClose() {
        target().onClose();
    }

    @Override
    public void onClose(Runnable lastOutput) {
        target().onClose(lastOutput);
    }
}
