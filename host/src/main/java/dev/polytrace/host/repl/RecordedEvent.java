package dev.polytrace.host.repl;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.container.ProcessFields;
import dev.polytrace.script.codec.RecordLayout;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event kept for the prompt. A record from an event stream is kept as its bytes and decoded
 * the first time the prompt reads its fields: most are overwritten in the ring unseen.
 */
final class RecordedEvent {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private final long seq;
    private final Instant time;
    private final String stream;
    private final RecordLayout layout;
    private final byte[] raw;
    private final ContainerInfo container;
    private volatile Map<String, Object> fields;

    private RecordedEvent(long seq, Instant time, String stream, Map<String, Object> fields, RecordLayout layout,
                          byte[] raw, ContainerInfo container) {
        this.seq = seq;
        this.time = time;
        this.stream = stream;
        this.fields = fields;
        this.layout = layout;
        this.raw = raw;
        this.container = container;
    }

    /** An event whose fields are known (decoded by someone else, or emitted). */
    static RecordedEvent decoded(long seq, Instant time, String stream, Map<String, Object> fields, byte[] raw) {
        return new RecordedEvent(seq, time, stream, Collections.unmodifiableMap(new LinkedHashMap<>(fields)), null,
                raw, null);
    }

    /**
     * A record of {@code layout}, decoded when its fields are first read; {@code container} (null
     * when its type has no process) joins them as JSON lines show it.
     */
    static RecordedEvent undecoded(long seq, Instant time, String stream, RecordLayout layout, byte[] raw,
                                   ContainerInfo container) {
        return new RecordedEvent(seq, time, stream, null, layout, raw, container);
    }

    /** Its number in the order the REPL received events, from 1. */
    long seq() {
        return seq;
    }

    /** When it arrived. */
    Instant time() {
        return time;
    }

    /** The ring buffer or perf buffer map it came from, or who emitted it. */
    String stream() {
        return stream;
    }

    /** Its decoded fields. */
    Map<String, Object> fields() {
        Map<String, Object> decoded = fields;
        if (decoded == null) {
            decoded = Collections.unmodifiableMap(ProcessFields.decode(layout, RecordLayout.view(raw), container));
            fields = decoded;
        }
        return decoded;
    }

    /** Its bytes (empty for emitted records). */
    byte[] raw() {
        return raw;
    }

    /** {@code 12:00:01.123  events  {pid: 42, comm: "bash"}}: one line for :events and :follow. */
    String line(JavaDisplay display) {
        return CLOCK.format(time) + "  " + stream + "  " + display.line(fields());
    }
}
