package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A JavaScript handler's events are objects the layout's loop builds from columns of decoded
 * fields: they must read as the host view reads (values, key order, raw, what ctx.emit copies),
 * be the handler's to change, and a failing or runaway event must cost that event only.
 */
class JsEventsTest {
    @AfterEach
    void noHandlerThreadLeft() {
        Bystanders.assertNoHandlerThreadsLeft();
    }

    @Test
    void eventsReadAsTheDecodedRecordAndAreTheHandlersToChange() {
        String handler = """
                export function onEvent(e, ctx) {
                  ctx.emit(e);
                  ctx.emit({keys: Object.keys(e), pid: e.pid, item: e['pid'], raw0: e.raw[0], rawLength: e.raw.length});
                  e.extra = 5;
                  delete e.comm;
                  ctx.emit(e);
                }
                """;
        try (HandlerHarness h = HandlerHarness.start("parity.js", handler, HandlerHarness.patientOptions())) {
            List<Map<String, Object>> expected = TestLayouts.sendMixed(h.sink, 9);
            h.awaitHandled(9);
            h.finish();
            List<Map<String, Object>> records = h.output.records();
            assertEquals(27, records.size(), () -> "records: " + records + ", log: " + h.log.lines());
            for (int i = 0; i < 9; i++) {
                Map<String, Object> decoded = expected.get(i);
                assertEquals(decoded, records.get(3 * i), "event " + i + " as emitted");
                Map<String, Object> seen = records.get(3 * i + 1);
                assertEquals(new ArrayList<>(decoded.keySet()), seen.get("keys"));
                assertEquals(decoded.get("pid"), seen.get("pid"));
                assertEquals(decoded.get("pid"), seen.get("item"));
                List<?> raw = (List<?>) decoded.get("raw");
                assertEquals(raw.get(0), seen.get("raw0"));
                assertEquals((long) raw.size(), seen.get("rawLength"));
                Map<String, Object> changed = new LinkedHashMap<>(decoded);
                changed.remove("comm");
                changed.put("extra", 5L);
                assertEquals(changed, records.get(3 * i + 2));
            }
        }
    }

    @Test
    void aFailingOrRunawayEventCostsThatEventOnly() {
        String handler = """
                export function onEvent(e, ctx) {
                  if (e.pid % 5 === 0) throw new Error('pid ' + e.pid);
                  if (e.pid === 7) { ctx.log.info('looping'); while (true) {} }
                  ctx.emit({pid: e.pid});
                }
                """;
        ManualClock clock = new ManualClock(); // moved past the budget only while event 7 loops
        try (HandlerHarness h = HandlerHarness.start("failing.js", handler, HandlerHarness.watchdogOptions(), clock)) {
            for (int pid = 1; pid <= 12; pid++) {
                ByteBuffer raw = ByteBuffer.allocate((int) TestLayouts.BASICS.type().size()).order(ByteOrder.LITTLE_ENDIAN);
                raw.putInt(8, pid).put(16, (byte) 'a');
                h.sink.onRecord("events", TestLayouts.BASICS, raw);
            }
            h.log.awaitLine("INFO looping");
            clock.runOut(HandlerHarness.CALL_BUDGET);
            h.awaitHandled(12);
            HandlerReport report = h.finish();
            assertEquals(3, report.failed(), report::toString);
            assertEquals(1, report.timeouts(), report::toString);
            assertEquals(List.of(1L, 2L, 3L, 4L, 6L, 8L, 9L, 11L, 12L),
                    h.output.records().stream().map(r -> r.get("pid")).toList());
            assertTrue(report.firstError().startsWith("failing.js:2: Error: pid 5"), report.firstError());
        }
    }

    @Test
    void aShortRecordHasTheFieldsItHoldsAndTheOthersAreUndefined() {
        String handler = """
                export function onEvent(e, ctx) {
                  ctx.emit(e);
                  ctx.emit({keys: Object.keys(e), args: e.args === undefined ? 'undefined' : e.args, has: 'args' in e,
                            rawLength: e.raw.length});
                }
                """;
        byte[] ls = TestLayouts.shortExec(42, "ls", "/bin/ls -l"); // 24 + 11 bytes
        List<byte[]> records = List.of(Arrays.copyOf(ls, 56), ls, Arrays.copyOf(ls, 24 + 5), Arrays.copyOf(ls, 24),
                Arrays.copyOf(ls, 64), Arrays.copyOf(ls, 56));
        try (HandlerHarness h = HandlerHarness.start("short.js", handler, HandlerHarness.patientOptions())) {
            for (byte[] record : records) {
                h.sink.onRecord("events", TestLayouts.SHORT_EXEC, RecordLayout.view(record));
            }
            h.awaitHandled(records.size());
            h.finish();
            List<Map<String, Object>> out = h.output.records();
            assertEquals(2 * records.size(), out.size(), () -> "records: " + out + ", log: " + h.log.lines());
            List<String> all = List.of("pid", "args_size", "comm", "args", "raw");
            List<Object> args = List.of("/bin/ls -l", "/bin/ls -l", "/bin/", "undefined", "/bin/ls -l", "/bin/ls -l");
            for (int i = 0; i < records.size(); i++) {
                byte[] raw = records.get(i);
                assertEquals(TestLayouts.decodedWithRaw(TestLayouts.SHORT_EXEC, raw), out.get(2 * i), "event " + i);
                boolean hasArgs = i != 3;
                assertEquals(Map.of("keys", hasArgs ? all : List.of("pid", "args_size", "comm", "raw"),
                        "args", args.get(i), "has", hasArgs, "rawLength", (long) raw.length), out.get(2 * i + 1),
                        "event " + i);
            }
        }
    }

    @Test
    void anIntegerArrayARecordEndsInsideHasTheWholeElementsThere() {
        String handler = """
                export function onEvent(e, ctx) {
                  ctx.emit({count: e.count, values: e.values, length: e.values.length});
                }
                """;
        ByteBuffer record = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 7).putInt(4, 3)
                .putInt(8, 1).putInt(12, -2).putInt(16, 3);
        try (HandlerHarness h = HandlerHarness.start("values.js", handler, HandlerHarness.patientOptions())) {
            h.sink.onRecord("events", TestLayouts.SHORT_SAMPLES, record.duplicate().order(ByteOrder.LITTLE_ENDIAN).limit(8 + 14));
            h.sink.onRecord("events", TestLayouts.SHORT_SAMPLES, record.duplicate().order(ByteOrder.LITTLE_ENDIAN));
            h.awaitHandled(2);
            h.finish();
            assertEquals(List.of(Map.of("count", 3L, "values", List.of(1L, -2L, 3L), "length", 3L),
                    Map.of("count", 3L, "values", List.of(1L, -2L, 3L, 0L, 0L, 0L, 0L, 0L), "length", 8L)),
                    h.output.records());
        }
    }
}
