package dev.polytrace.host.daemon;

import dev.polytrace.host.session.EventSink;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The sink a daemon session writes to, pointing at the tracer's handler or, without one, straight
 * at its buffer. Lets a handler be put in front of a tracer deployed without one, while it runs.
 */
final class SinkSwitch implements EventSink {
    private volatile EventSink target;

    SinkSwitch(EventSink target) {
        this.target = target;
    }

    void switchTo(EventSink next) {
        this.target = next;
    }

    @Override
    public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        target.onEvent(stream, event, raw);
    }

    @Override
    public void onSample(String map, String rendered) {
        target.onSample(map, rendered);
    }

    @Override
    public void onLost(String stream, long count) {
        target.onLost(stream, count);
    }

    @Override
    public void onClose() {
        target.onClose();
    }
}
