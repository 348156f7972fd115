package dev.polytrace.host.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.host.session.EventSink;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per line: events as their decoded fields, samples and losses as tagged records. */
public final class JsonLinesSink implements EventSink {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;

    public JsonLinesSink(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        write(event);
    }

    @Override
    public synchronized void onSample(String map, String rendered) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("sample", map);
        record.put("time", System.currentTimeMillis());
        record.put("text", rendered);
        write(record);
    }

    @Override
    public synchronized void onLost(String stream, long count) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("lost", count);
        record.put("stream", stream);
        write(record);
    }

    private void write(Map<String, Object> record) {
        try {
            out.println(JSON.writeValueAsString(record));
        } catch (JsonProcessingException e) {
            out.println("{\"error\":\"cannot encode record: " + e.getOriginalMessage().replace("\"", "'") + "\"}");
        }
        out.flush();
    }
}
