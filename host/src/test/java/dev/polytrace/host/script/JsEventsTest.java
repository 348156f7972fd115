package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
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
}
