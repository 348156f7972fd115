package dev.polytrace.host.session;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.maps.MapReport;
import dev.polytrace.host.maps.MapText;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Where a running tracer's output goes: the CLI prints it, a handler consumes it, the daemon
 * buffers it. Called from the session's reader and sampler threads, one call at a time.
 */
public interface EventSink {
    /** Takes everything and keeps nothing. */
    EventSink DISCARD = new EventSink() {
        @Override
        public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        }

        @Override
        public void onRecord(String stream, RecordLayout layout, ByteBuffer raw) {
        }

        @Override
        public void onSample(String map, String rendered) {
        }
    };

    /**
     * One record of an event stream, decoded through BTF.
     *
     * @param stream the map it came from
     * @param event  decoded fields in declaration order
     * @param raw    the record's bytes from its position to its limit, valid only during the call
     */
    void onEvent(String stream, Map<String, Object> event, ByteBuffer raw);

    /**
     * One record of an event stream as the reader found it, before decoding. Sinks that can work
     * from the bytes (a handler decodes only the fields it reads, JSON is written straight from
     * them) override this; the default decodes the record and calls {@link #onEvent}.
     *
     * @param layout the stream's event type, to decode fields with; the record holds at least its
     *               first field ({@link RecordLayout#check}), maybe not all of them ({@link
     *               RecordLayout#isPresent}), and may be longer than the type
     * @param raw    the record's bytes (little-endian) from its position to its limit, valid only
     *               during the call: the reader moves the same buffer on to the next record
     */
    default void onRecord(String stream, RecordLayout layout, ByteBuffer raw) {
        onEvent(stream, layout.decode(raw), raw);
    }

    /**
     * As {@link #onRecord(String, RecordLayout, ByteBuffer)}, with the container of the record's
     * process, resolved when the reader took the record; null when its type has no process (no
     * {@code pid} or {@code cgroup_id} field). Sinks that show containers override this; the
     * default drops it.
     */
    default void onRecord(String stream, RecordLayout layout, ByteBuffer raw, ContainerInfo container) {
        onRecord(stream, layout, raw);
    }

    /** The reader has handed over every record it had: write out what is buffered. */
    default void flush() {
    }

    /** A sampled map rendered as text (histogram or table), printed every interval and at the end. */
    void onSample(String map, String rendered);

    /**
     * A map printed because it is not an output of its own (at the end of a run, and every
     * {@code --interval}). Sinks that keep structure (JSON) override this; the default prints the
     * map's text as a sample.
     */
    default void onMap(MapReport report) {
        onSample(report.map(), MapText.render(report));
    }

    /** Records the kernel could not deliver (perf buffer overflow) or the BPF side dropped. */
    default void onLost(String stream, long count) {
    }

    /** The session is over; flush whatever is buffered. */
    default void onClose() {
    }

    /**
     * The session is over, and {@code lastOutput} prints what a run prints last (the sampled and
     * other maps, read while the object is still loaded). A sink that holds events back (a
     * handler's queue) runs it after them, so the maps come last, as bpftrace prints them; then it
     * closes as {@link #onClose()} does.
     */
    default void onClose(Runnable lastOutput) {
        lastOutput.run();
        onClose();
    }
}
