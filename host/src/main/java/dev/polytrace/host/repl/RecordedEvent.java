package dev.polytrace.host.repl;

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
    private volatile Map<String, Object> fields;

    private RecordedEvent(long seq, Instant time, String stream, Map<String, Object> fields, RecordLayout layout,
                          byte[] raw) {
        this.seq = seq;
        this.time = time;
        this.stream = stream;
        this.fields = fields;
        this.layout = layout;
        this.raw = raw;
    }

    /** An event whose fields are known (decoded by someone else, or emitted). */
    static RecordedEvent decoded(long seq, Instant time, String stream, Map<String, Object> fields, byte[] raw) {
        return new RecordedEvent(seq, time, stream, Collections.unmodifiableMap(new LinkedHashMap<>(fields)), null,
                raw);
    }

    /** A record of {@code layout}, decoded when its fields are first read. */
    static RecordedEvent undecoded(long seq, Instant time, String stream, RecordLayout layout, byte[] raw) {
        return new RecordedEvent(seq, time, stream, null, layout, raw);
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
            decoded = Collections.unmodifiableMap(new LinkedHashMap<>(layout.decode(RecordLayout.view(raw))));
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
