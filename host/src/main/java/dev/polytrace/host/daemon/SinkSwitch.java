package dev.polytrace.host.daemon;

import dev.polytrace.host.session.EventSink;
import dev.polytrace.host.session.ForwardingSink;

/**
 * The sink a daemon session writes to, pointing at the tracer's handler or, without one, straight
 * at its buffer. Lets a handler be put in front of a tracer deployed without one, while it runs.
 */
final class SinkSwitch extends ForwardingSink {
    private volatile EventSink target;

    SinkSwitch(EventSink target) {
        this.target = target;
    }

    void switchTo(EventSink next) {
        this.target = next;
    }

    @Override
    protected EventSink target() {
        return target;
    }
}
