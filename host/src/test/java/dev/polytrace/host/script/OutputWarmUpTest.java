package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.host.output.JsonLinesSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code run --warm-up} without a handler writes synthetic records through the sink it is given, and only there. */
class OutputWarmUpTest {
    @Test
    void syntheticRecordsGoThroughTheGivenSinkWhole() throws Exception {
        StringWriter text = new StringWriter();
        OutputWarmUp.Report report = OutputWarmUp.run(new JsonLinesSink(new PrintWriter(text)), "events",
                TestLayouts.BASICS, Duration.ofMillis(400));
        List<String> lines = text.toString().lines().toList();
        assertTrue(report.records() > 0, report::toString);
        assertEquals(report.records(), lines.size(), "every record written and flushed");
        ObjectMapper json = new ObjectMapper();
        for (String line : List.of(lines.getFirst(), lines.getLast())) {
            Map<?, ?> record = json.readValue(line, Map.class);
            assertEquals(TestLayouts.BASICS.names(), new ArrayList<>(record.keySet()), line);
        }
        assertTrue(report.summary().startsWith("warmed up the output: "), report.summary());
    }
}
