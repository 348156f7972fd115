package dev.polytrace.host.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record of a tracer's output as the daemon keeps it: numbered from 1 in arrival order.
 *
 * @param type  "event" (a decoded record, or what the handler emitted), "sample" (a sampled map's
 *              text), "lost" (records the kernel or the handler queue dropped) or "log" (handler log)
 * @param stream the event stream / map it came from; for "log" the level
 * @param data  the event's fields, the sample text, the lost count or the log line
 */
public record BufferedEvent(long seq, long timeMillis, String type, String stream, Object data) {
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("time", timeMillis);
        m.put("type", type);
        m.put("stream", stream);
        m.put("data", data);
        return m;
    }

    /** The record as one line of JSON; a value JSON cannot hold becomes an error note, not an exception. */
    public String json() {
        try {
            return Json.MAPPER.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            Map<String, Object> m = toMap();
            m.put("data", "cannot encode record: " + e.getOriginalMessage());
            try {
                return Json.MAPPER.writeValueAsString(m);
            } catch (JsonProcessingException again) {
                return "{\"seq\":" + seq + ",\"type\":\"error\"}";
            }
        }
    }

    /** One line of text, as eunomia's {@code /log} gives it. */
    public String text() {
        return switch (type) {
            case "sample" -> String.valueOf(data);
            case "lost" -> "lost " + data + " events from " + stream;
            case "log" -> stream + ": " + data;
            default -> {
                try {
                    yield Json.MAPPER.writeValueAsString(data);
                } catch (JsonProcessingException e) {
                    yield String.valueOf(data);
                }
            }
        };
    }
}
