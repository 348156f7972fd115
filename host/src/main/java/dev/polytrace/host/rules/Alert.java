package dev.polytrace.host.rules;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule that matched an event.
 *
 * @param output the rule's output template filled in from the event
 * @param event  the decoded record that matched
 */
public record Alert(String rule, Priority priority, String output, String tracer, List<String> tags,
                    Map<String, Object> event, Instant time) {
    /** The JSON shape (output line, SSE data, webhook body): alert, priority, output, tracer, time, tags, event. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("alert", rule);
        json.put("priority", priority.label());
        json.put("output", output);
        json.put("tracer", tracer);
        json.put("time", time.toString());
        json.put("tags", tags);
        json.put("event", event);
        return json;
    }
}
