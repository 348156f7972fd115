package dev.polytrace.host.repl;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One event kept for the prompt.
 *
 * @param seq    its number in the order the REPL received events, from 1
 * @param time   when it arrived
 * @param stream the ring buffer or perf buffer map it came from, or who emitted it
 * @param fields its decoded fields
 * @param raw    its bytes (empty for emitted records)
 */
record RecordedEvent(long seq, Instant time, String stream, Map<String, Object> fields, byte[] raw) {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    /** {@code 12:00:01.123  events  {pid: 42, comm: "bash"}}: one line for :events and :follow. */
    String line(JavaDisplay display) {
        return CLOCK.format(time) + "  " + stream + "  " + display.line(fields);
    }
}
