package dev.polytrace.host.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.maps.MapJson;
import dev.polytrace.host.maps.MapReport;
import dev.polytrace.host.rules.Alert;
import dev.polytrace.host.rules.AlertSink;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.script.codec.RecordLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON object per line: events as their decoded fields, samples and losses as tagged records,
 * printed maps as {@link MapJson} records, alerts as {@link Alert#toJson} records.
 * Records from a stream are written field by field straight from their bytes (no map per record,
 * see {@link RecordJson}), and the output is flushed when the reader has handed over what it had, not after every line.
 */
public final class JsonLinesSink implements EventSink, AlertSink {
    // Flushing is ours to decide (see flush()), not after every value Jackson writes.
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    // One instance: a bound method reference written at the call allocates per record.
    private static final RecordJson.ValueEncoder OTHER_FIELDS = JSON::writeValueAsString;

    private final PrintWriter out;
    private static final int PENDING_CHARS = 16_384;

    private final JsonGenerator json;
    private RecordJson plan; // of the last layout written: a stream has one
    // Lines of records written from bytes, handed to the generator together: one by one, each
    // went past its buffer to the writer, and that cost more than making the text.
    private final ContainerJson containerJson = new ContainerJson();
    private final StringBuilder pending = new StringBuilder(PENDING_CHARS + 1024);
    private char[] pendingText = new char[0];

    public JsonLinesSink(PrintWriter out) {
        this.out = out;
        try {
            this.json = JSON.getFactory().createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json.setRootValueSeparator(null);
    }

    @Override
    public synchronized void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        write(event);
    }

    @Override
    public synchronized void onRecord(String stream, RecordLayout layout, ByteBuffer raw) {
        onRecord(stream, layout, raw, null);
    }

    /**
     * The record's fields, then its process's {@code container} (see {@link ContainerJson}) when it
     * is in one (or could not be looked up: {@code unknown}); a host process's line has none.
     */
    @Override
    public synchronized void onRecord(String stream, RecordLayout layout, ByteBuffer raw, ContainerInfo container) {
        layout.check(raw); // the first field, which every line starts with, is there
        try {
            if (plan == null || plan.layout() != layout) {
                plan = new RecordJson(layout);
            }
            if (plan.accepts(raw)) {
                int mark = pending.length();
                try {
                    plan.write(pending, raw, OTHER_FIELDS);
                    if (container != null && !container.isHost()) {
                        containerJson.appendTo(pending, container);
                    }
                } catch (IOException | RuntimeException e) {
                    pending.setLength(mark); // no half-written line
                    throw e;
                }
                pending.append('\n');
                if (pending.length() >= PENDING_CHARS) {
                    writePending();
                }
                return;
            }
            writePending();
            json.writeStartObject();
            List<String> names = layout.names();
            for (int i = 0; i < names.size(); i++) {
                if (layout.isPresent(i, raw)) {
                    json.writeFieldName(names.get(i));
                    writeValue(layout.read(i, raw));
                }
            }
            if (container != null && !container.isHost()) {
                json.writeFieldName("container");
                json.writeRawValue(containerJson.text(container));
            }
            json.writeEndObject();
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void onSample(String map, String rendered) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("sample", map);
        record.put("time", System.currentTimeMillis());
        record.put("text", rendered);
        write(record);
        flush();
    }

    /** One record per map, in {@link MapJson}'s shape. */
    @Override
    public synchronized void onMap(MapReport report) {
        write(MapJson.record(report));
        flush();
    }

    @Override
    public synchronized void onLost(String stream, long count) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("lost", count);
        record.put("stream", stream);
        write(record);
        flush();
    }

    /** One line {@code {"alert": RULE, "priority": ..., "output": TEXT, "tracer": ..., "event": {...}}}. */
    @Override
    public synchronized void onAlert(Alert alert) {
        write(alert.toJson());
    }

    @Override
    public synchronized void flush() {
        try {
            writePending();
            json.flush(); // the generator's buffer, then the writer's
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onClose() {
        flush();
    }

    /** The decoder's value model directly; anything else through Jackson's serializers. */
    private void writeValue(Object value) throws IOException {
        switch (value) {
            case Long l -> json.writeNumber(l);
            case String s -> json.writeString(s);
            case Boolean b -> json.writeBoolean(b);
            case BigInteger b -> json.writeNumber(b);
            case Double d -> json.writeNumber(d);
            case null -> json.writeNull();
            case List<?> list -> {
                json.writeStartArray();
                for (Object element : list) {
                    writeValue(element);
                }
                json.writeEndArray();
            }
            case Map<?, ?> map -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    json.writeFieldName(String.valueOf(e.getKey()));
                    writeValue(e.getValue());
                }
                json.writeEndObject();
            }
            default -> JSON.writeValue(json, value);
        }
    }

    private void writePending() throws IOException {
        int length = pending.length();
        if (length == 0) {
            return;
        }
        if (pendingText.length < length) {
            pendingText = new char[Math.max(length, PENDING_CHARS + 1024)];
        }
        pending.getChars(0, length, pendingText, 0);
        pending.setLength(0);
        json.writeRaw(pendingText, 0, length);
    }

    /** Encoded whole first, so a record that cannot be encoded leaves no half-written line. */
    private void write(Map<String, Object> record) {
        String line;
        try {
            line = JSON.writeValueAsString(record);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            line = "{\"error\":\"cannot encode record: " + reason.replace("\"", "'") + "\"}";
        }
        try {
            writePending();
            json.writeRaw(line);
            json.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
