package dev.polytrace.host.daemon;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.container.ProcessFields;
import dev.polytrace.host.output.TerminalText;
import dev.polytrace.host.rules.Alert;
import dev.polytrace.host.rules.AlertSink;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.script.api.HandlerLog;
import dev.polytrace.script.api.LogLevel;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon tracer's output: what a CLI run would print (decoded events, or what the handler emits;
 * sampled maps; losses) goes into the tracer's {@link EventBuffer}, and so do its alerts (type
 * {@code alert}, data as {@link Alert#toJson}) and the handler's log.
 * Never blocks the thread that calls it.
 */
final class BufferingSink implements EventSink, AlertSink, HandlerLog {
    private static final Logger LOG = LoggerFactory.getLogger("polytrace.daemon.handler");

    private final String tracerId;
    private final EventBuffer buffer;
    private final LongAdder records = new LongAdder();

    BufferingSink(String tracerId, EventBuffer buffer) {
        this.tracerId = tracerId;
        this.buffer = buffer;
    }

    @Override
    public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        records.increment();
        buffer.append("event", stream, event); // the map is made fresh for each record and not changed after
    }

    /** A record without a handler: its fields, and its container when its process is in one. */
    @Override
    public void onRecord(String stream, RecordLayout layout, ByteBuffer raw, ContainerInfo container) {
        onEvent(stream, ProcessFields.decode(layout, raw, container), raw);
    }

    @Override
    public void onSample(String map, String rendered) {
        buffer.append("sample", map, rendered);
    }

    @Override
    public void onAlert(Alert alert) {
        buffer.append("alert", alert.rule(), alert.toJson());
    }

    @Override
    public void onLost(String stream, long count) {
        buffer.append("lost", stream, count);
    }

    @Override
    public void log(LogLevel level, String message) {
        buffer.append("log", level.name().toLowerCase(Locale.ROOT), message);
        String line = TerminalText.line(message); // one log line per message, whatever the handler writes
        switch (level) {
            case ERROR -> LOG.warn("{}: {}", tracerId, line);
            case WARN -> LOG.info("{}: {}", tracerId, line);
            default -> LOG.debug("{}: {}", tracerId, line);
        }
    }

    /** Records put in the buffer as events (decoded, or emitted by the handler). */
    long records() {
        return records.sum();
    }
}
