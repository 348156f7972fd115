package dev.polytrace.host.tracer;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.script.HandlerRuntime;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.host.session.ForwardingSink;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The one sink a running tracer's session writes to. Records go to the handler when one runs
 * (which writes what it emits to the output), otherwise straight to the output; a handler can be
 * put in front while the session runs, which cannot change its sink. With {@link
 * Delivery#EVERY_EVENT_TO_OUTPUT} the output also gets every record beside the handler (the REPL
 * keeps them for the prompt). Records keep their undecoded fast path ({@link #onRecord}) both ways.
 *
 * <p>While a handler is still starting after the attach ({@link #holdForHandler}), records are
 * held, in order, and handed to it before any later one when it is put in front.
 */
final class HandlerRoute extends ForwardingSink {
    private final EventSink output;
    private final Delivery delivery;
    private volatile HandlerRuntime handler;
    private volatile boolean holding;
    private HeldRecords held;
    private volatile boolean abandoned;

    HandlerRoute(EventSink output, Delivery delivery) {
        this.output = output;
        this.delivery = delivery;
    }

    /** Until {@link #putInFront} or {@link #abandon}, records are held for a handler that is starting. */
    synchronized void holdForHandler(int capacity) {
        held = new HeldRecords(capacity);
        holding = true;
    }

    /**
     * From now on records go to {@code next} (loaded) as well, or instead; records held for it go
     * first. The reader waits meanwhile, so no later record overtakes a held one.
     *
     * @return how many records were held for it
     */
    synchronized int putInFront(HandlerRuntime next) {
        int replayed = 0;
        if (held != null) {
            replayed = held.size();
            held.replayTo(next.sink());
            held = null;
        }
        this.handler = next;
        holding = false;
        notifyAll();
        return replayed;
    }

    /**
     * The handler this route held records for will not come: they are forgotten, a waiting reader
     * goes on, and the session's close writes nothing to the output (the run did not start).
     */
    synchronized void abandon() {
        if (held != null) {
            held.clear();
            held = null;
        }
        abandoned = true;
        holding = false;
        notifyAll();
    }

    /** Holds the record if a handler is starting; false when it should go on as usual. */
    private boolean held(String stream, RecordLayout layout, ByteBuffer raw, ContainerInfo container) {
        if (!holding) {
            return false;
        }
        synchronized (this) {
            while (holding && held.isFull()) {
                try {
                    wait(); // the ring buffer keeps the rest meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true; // the reader is being stopped: the record goes with it
                }
            }
            if (!holding) {
                return abandoned;
            }
            held.add(stream, layout, raw, container);
            return true;
        }
    }

    HandlerRuntime handler() {
        return handler;
    }

    @Override
    protected EventSink target() {
        HandlerRuntime h = handler;
        return h != null ? h.sink() : output;
    }

    private boolean alsoToOutput() {
        return delivery == Delivery.EVERY_EVENT_TO_OUTPUT && handler != null;
    }

    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw) {
        onRecord(stream, layout, raw, null);
    }

    /** The session's path: the record goes on with the container it resolved for it. */
    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw, ContainerInfo container) {
        if (held(stream, layout, raw, container)) {
            return;
        }
        if (alsoToOutput()) {
            handler.sink().onRecord(stream, layout, raw.duplicate(), container);
            output.onRecord(stream, layout, raw, container);
        } else {
            target().onRecord(stream, layout, raw, container);
        }
    }

    @Override
    public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        if (alsoToOutput()) {
            handler.sink().onEvent(stream, event, raw.duplicate());
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

    /** A handler drains, runs onExit, then closes the output; without one the output closes. */
    @Override
    public void onClose() {
        if (!abandoned) {
            target().onClose();
        }
    }

    @Override
    public void onClose(Runnable lastOutput) {
        if (!abandoned) {
            target().onClose(lastOutput);
        }
    }
}
