package dev.polytrace.host.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.TestObjects;
import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.script.codec.RecordLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An event's container in JSON (a {@code container} object) and in tables (a CONTAINER column once one has it). */
class ContainerOutputTest {
    private static final BtfStruct EVENT = Btf.fromElf(ElfFile.parse(TestObjects.bytes("process_events"),
            "process_events.bpf.o")).byName("process_event", BtfStruct.class).orElseThrow();
    private static final ContainerInfo WEB = new ContainerInfo("56373b6a7aa6ca40f52752e9aabf1581fc46d91adb5b589558e4369f4b96d1d5",
            "web", "localhost/s-busybox:latest", "podman", "", "");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ByteBuffer record(int pid, String comm) {
        ByteBuffer b = ByteBuffer.allocate((int) EVENT.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(pid).putInt(0).put(comm.getBytes(StandardCharsets.US_ASCII));
        return b.position(0);
    }

    @Test
    void jsonLinesCarryTheContainerObjectNoneForTheHost() throws Exception {
        StringWriter text = new StringWriter();
        JsonLinesSink sink = new JsonLinesSink(new PrintWriter(text));
        RecordLayout layout = RecordLayout.of(EVENT);
        sink.onRecord("events", layout, record(1, "sh"), WEB);
        sink.onRecord("events", layout, record(2, "init"), ContainerInfo.HOST);
        sink.onRecord("events", layout, record(3, "gone"), null);
        sink.flush();
        List<JsonNode> lines = text.toString().lines().map(ContainerOutputTest::parse).toList();
        assertEquals(JSON.valueToTree(WEB.fields()), lines.get(0).get("container"));
        assertEquals("sh", lines.get(0).get("comm").asText());
        assertTrue(lines.get(1).get("container") == null, "a host process has none: " + lines.get(1));
        assertEquals("init", lines.get(1).get("comm").asText());
        assertTrue(lines.get(2).get("container") == null, "a record of no process has none");
    }

    @Test
    void aTableGainsItsContainerColumnWithTheFirstEventInAContainer() {
        StringWriter text = new StringWriter();
        TableSink sink = new TableSink(new PrintWriter(text), Map.of("events", EVENT));
        RecordLayout layout = RecordLayout.of(EVENT);
        sink.onRecord("events", layout, record(2, "init"), ContainerInfo.HOST);
        sink.onRecord("events", layout, record(1, "sh"), WEB);
        sink.onRecord("events", layout, record(2, "init"), ContainerInfo.HOST);
        sink.flush();
        List<String> lines = text.toString().lines().toList();
        assertEquals(5, lines.size(), text.toString());
        assertTrue(lines.get(0).startsWith("TIME     PID") && !lines.get(0).contains("CONTAINER"), lines.get(0));
        assertTrue(lines.get(2).startsWith("TIME     CONTAINER    PID"), lines.get(2));
        assertEquals(List.of("web", "1"), List.of(lines.get(3).split("\\s+")).subList(1, 3));
        assertEquals(List.of("-", "2"), List.of(lines.get(4).split("\\s+")).subList(1, 3));
    }

    @Test
    void emittedRecordsShowTheirContainersName() {
        StringWriter text = new StringWriter();
        TableSink sink = new TableSink(new PrintWriter(text), Map.of());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("pcomm", "ls");
        record.put("container", WEB.fields());
        sink.onEvent("execsnoop.js", record, ByteBuffer.allocate(0));
        sink.flush();
        List<String> lines = text.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("TIME     CONTAINER PCOMM"), lines.get(0));
        assertEquals(List.of("web", "ls"), List.of(lines.get(1).split("\\s+")).subList(1, 3));
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
