package dev.polytrace.host.script;

import java.util.Map;

/**
 * An event waiting for the handler: what the reader thread decoded and a copy of the record's
 * bytes (the reader's buffer is only valid during its call). The guest view is built from it on
 * the handler thread, when the dispatch loop reaches it, so the reader thread does no guest work.
 */
record QueuedEvent(String stream, Map<String, Object> fields, byte[] raw) {
}
