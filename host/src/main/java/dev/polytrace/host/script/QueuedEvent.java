package dev.polytrace.host.script;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.script.codec.RecordLayout;
import java.util.Map;

/**
 * An event waiting for the handler: a copy of the record's bytes (the reader's buffer is only
 * valid during its call) with either the stream's layout, to decode fields from on the handler
 * thread when the handler reads them, or fields decoded already (events fed as maps); and the
 * container of the record's process, which the handler reads as {@code event.container}.
 *
 * <p>Public for the language packages, whose deliveries read it; only the runtime here makes one.
 */
public record QueuedEvent(String stream, RecordLayout layout, Map<String, Object> fields, byte[] raw,
                   ContainerInfo container) {
    static QueuedEvent undecoded(String stream, RecordLayout layout, byte[] raw) {
        return new QueuedEvent(stream, layout, null, raw, null);
    }

    /** A record with the container of its process, resolved by the reader; null when it has no process. */
    static QueuedEvent undecoded(String stream, RecordLayout layout, byte[] raw, ContainerInfo container) {
        return new QueuedEvent(stream, layout, null, raw, container);
    }

    static QueuedEvent decoded(String stream, Map<String, Object> fields, byte[] raw) {
        return new QueuedEvent(stream, null, fields, raw, null);
    }
}
