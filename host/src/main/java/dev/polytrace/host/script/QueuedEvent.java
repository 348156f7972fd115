package dev.polytrace.host.script;

import dev.polytrace.script.codec.RecordLayout;
import java.util.Map;

/**
 * An event waiting for the handler: a copy of the record's bytes (the reader's buffer is only
 * valid during its call) with either the stream's layout, to decode fields from on the handler
 * thread when the handler reads them, or fields decoded already (events fed as maps).
 */
record QueuedEvent(String stream, RecordLayout layout, Map<String, Object> fields, byte[] raw) {
    static QueuedEvent undecoded(String stream, RecordLayout layout, byte[] raw) {
        return new QueuedEvent(stream, layout, null, raw);
    }

    static QueuedEvent decoded(String stream, Map<String, Object> fields, byte[] raw) {
        return new QueuedEvent(stream, null, fields, raw);
    }
}
