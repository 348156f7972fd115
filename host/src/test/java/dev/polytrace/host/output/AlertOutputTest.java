package dev.polytrace.host.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.host.rules.Alert;
import dev.polytrace.host.rules.Priority;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alerts in a run's output: one JSON line of their own, or a marked table line. */
class AlertOutputTest {
    private static final Alert ALERT = new Alert("Write below etc", Priority.ERROR,
            "opened /etc/x\u001b[2J by sh", "opensnoop", List.of("filesystem"),
            new LinkedHashMap<>(Map.of("pid", 7L)), Instant.parse("2026-12-05T10:00:00Z"));

    @Test
    void jsonHasOneLinePerAlertBetweenTheEvents() throws Exception {
        StringWriter text = new StringWriter();
        JsonLinesSink sink = new JsonLinesSink(new PrintWriter(text));
        sink.onEvent("events", Map.of("pid", 6L), null);
        sink.onAlert(ALERT);
        sink.onEvent("events", Map.of("pid", 8L), null);
        sink.flush();
        List<String> lines = text.toString().lines().toList();
        assertEquals(3, lines.size(), text.toString());
        JsonNode alert = new ObjectMapper().readTree(lines.get(1));
        assertEquals("Write below etc", alert.path("alert").asText());
        assertEquals("error", alert.path("priority").asText());
        assertEquals("opensnoop", alert.path("tracer").asText());
        assertEquals(7, alert.path("event").path("pid").asInt());
        assertEquals("2026-12-05T10:00:00Z", alert.path("time").asText());
    }

    @Test
    void aTableMarksTheAlertLineAndKeepsEscapesOffTheTerminal() {
        StringWriter text = new StringWriter();
        new TableSink(new PrintWriter(text), Map.of()).onAlert(ALERT);
        String line = text.toString().strip();
        assertTrue(line.matches("!! \\d\\d:\\d\\d:\\d\\d ALERT error Write below etc: opened /etc/x.*2J by sh"), line);
        assertTrue(line.indexOf('\u001b') < 0, "no raw escape: " + line);
    }
}
