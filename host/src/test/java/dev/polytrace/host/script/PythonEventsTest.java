package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.script.codec.RecordLayout;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Python handler's events are Python objects the dispatch loop builds from columns of decoded
 * fields: they must read exactly as the decoded record (attributes, items, keys in order, raw,
 * unsigned 64-bit values, the copy ctx.emit takes), and a failing or runaway event inside a run
 * must cost that event only.
 */
class PythonEventsTest {
    private static final RecordLayout KINDS = TestLayouts.KINDS;
    private static final RecordLayout BASICS = TestLayouts.BASICS;

    @AfterEach
    void noHandlerThreadLeft() {
        Bystanders.assertNoHandlerThreadsLeft();
    }

    @Test
    void eventsReadExactlyAsTheDecodedRecord() {
        String handler = """
                def on_event(e, ctx):
                    ctx.emit(e)
                    ctx.emit({'keys': list(e.keys()), 'iter': list(e), 'len': len(e), 'items': len(list(e.items())),
                              'pid': e.pid, 'item_pid': e['pid'], 'get': e.get('nope', 'dflt'), 'has': 'pid' in e,
                              'raw0': e.raw[0], 'raw_len': len(e.raw)})
                """;
        try (HandlerHarness h = HandlerHarness.start("parity.py", handler, HandlerHarness.patientOptions())) {
            List<Map<String, Object>> expected = TestLayouts.sendMixed(h.sink, 12);
            h.awaitHandled(12);
            h.finish();
            List<Map<String, Object>> records = h.output.records();
            assertEquals(24, records.size(), () -> "records: " + records + ", log: " + h.log.lines());
            for (int i = 0; i < 12; i++) {
                Map<String, Object> decoded = expected.get(i);
                assertEquals(decoded, records.get(2 * i), "event " + i + " as emitted");
                Map<String, Object> seen = records.get(2 * i + 1);
                List<String> keys = new ArrayList<>(decoded.keySet());
                assertEquals(keys, seen.get("keys"));
                assertEquals(keys, seen.get("iter"));
                assertEquals((long) keys.size(), seen.get("len"));
                assertEquals((long) keys.size(), seen.get("items"));
                assertEquals(decoded.get("pid"), seen.get("pid"));
                assertEquals(decoded.get("pid"), seen.get("item_pid"));
                assertEquals("dflt", seen.get("get"));
                assertEquals(true, seen.get("has"));
                List<?> raw = (List<?>) decoded.get("raw");
                assertEquals(raw.get(0), seen.get("raw0"));
                assertEquals((long) raw.size(), seen.get("raw_len"));
            }
            Object bigSeq = expected.get(2).get("seq");
            assertTrue(bigSeq instanceof BigInteger b && b.bitLength() == 64, "seq past 2^63: " + bigSeq);
        }
    }

    @Test
    void aHandlerMayChangeItsEventsAndSeeThemAsObjects() {
        String handler = """
                def on_event(e, ctx):
                    e['extra'] = 5
                    e.more = 'x'
                    del e['comm']
                    ctx.emit({'event': e, 'repr_has_pid': 'pid' in repr(e), 'type': type(e).__name__})
                """;
        try (HandlerHarness h = HandlerHarness.start("change.py", handler, HandlerHarness.patientOptions())) {
            byte[] raw = new byte[(int) KINDS.type().size()];
            SyntheticRecords.fill(KINDS, raw, new Random(7));
            h.sink.onRecord("events", KINDS, RecordLayout.view(raw));
            h.awaitHandled(1);
            h.finish();
            Map<String, Object> expected = TestLayouts.decodedWithRaw(KINDS, raw);
            expected.remove("comm");
            expected.put("extra", 5L);
            expected.put("more", "x");
            Map<String, Object> record = h.output.records().getFirst();
            assertEquals(expected, record.get("event"));
            assertEquals(true, record.get("repr_has_pid"));
        }
    }

    @Test
    void stringsStayRightAcrossLayoutsOfOneTypeAndAWarmUp() {
        RecordLayout stream = TestLayouts.of("kernel_basics"); // the same type read again, as a run reads it
        String handler = """
                def on_event(e, ctx):
                    ctx.emit({'comm': e.comm, 'pid': e.pid})
                """;
        try (HandlerHarness h = HandlerHarness.load("strings.py", handler, HandlerHarness.patientOptions())) {
            HandlerWarmUp.run(h.runtime, BASICS, Duration.ofMillis(300));
            h.runtime.start(null);
            String[] comms = {"first", "second", "bash", "first", "\u00e9t\u00e9"};
            for (int i = 0; i < comms.length; i++) {
                ByteBuffer raw = record(i + 1);
                byte[] text = comms[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
                for (int k = 0; k < 16; k++) {
                    raw.put(16 + k, k < text.length ? text[k] : 0);
                }
                h.sink.onRecord("events", i % 2 == 0 ? stream : BASICS, raw);
            }
            h.awaitHandled(comms.length);
            h.finish();
            assertEquals(List.of(comms), h.output.records().stream().map(r -> r.get("comm")).toList());
        }
    }

    @Test
    void aFailingEventInARunIsCountedAndTheRunGoesOnAfterIt() {
        String handler = """
                def on_event(e, ctx):
                    if e.pid % 3 == 0:
                        raise ValueError('pid %d' % e.pid)
                    ctx.emit({'pid': e.pid})
                """;
        try (HandlerHarness h = HandlerHarness.start("failing.py", handler, HandlerHarness.patientOptions())) {
            for (int pid = 1; pid <= 30; pid++) {
                h.sink.onRecord("events", BASICS, record(pid));
            }
            h.awaitHandled(30);
            HandlerReport report = h.finish();
            assertEquals(10, report.failed(), report::toString);
            List<Object> pids = h.output.records().stream().map(r -> r.get("pid")).toList();
            List<Object> expected = new ArrayList<>();
            for (long pid = 1; pid <= 30; pid++) {
                if (pid % 3 != 0) {
                    expected.add(pid);
                }
            }
            assertEquals(expected, pids);
            assertTrue(report.firstError().startsWith("failing.py:3: ValueError: pid 3"), report.firstError());
        }
    }

    @Test
    void theWatchdogStopsTheOneRunawayEventOfARunAndEachEventHasItsOwnBudget() {
        // The watchdog's clock moves only when the test moves it: by 40% of the budget while each
        // event is held at the gate, so the run as a whole exceeds it several times over; only the
        // event that never ends runs out of its own.
        String handler = """
                def on_event(e, ctx):
                    if e.pid == 7:
                        ctx.log.info('looping')
                        while True:
                            pass
                    ctx.log.info('busy')
                    ctx.emit({'pid': e.pid})
                """;
        Duration budget = HandlerHarness.CALL_BUDGET;
        ManualClock clock = new ManualClock();
        try (HandlerHarness h = HandlerHarness.start("slow.py", handler, HandlerHarness.watchdogOptions(), clock);
                Gate gate = new Gate()) {
            h.log.holdAt(gate, "busy"::equals);
            for (int pid = 1; pid <= 10; pid++) {
                h.sink.onRecord("events", BASICS, record(pid));
            }
            for (int pid = 1; pid <= 10; pid++) {
                if (pid == 7) {
                    h.log.awaitLine("INFO looping");
                    clock.runOut(budget);
                    continue;
                }
                gate.awaitArrival();
                clock.awaitLook(); // the watchdog knows the event started: its budget counts from now
                clock.advance(budget.multipliedBy(2).dividedBy(5));
                gate.letOneThrough();
            }
            h.awaitHandled(10);
            HandlerReport report = h.finish();
            assertEquals(1, report.timeouts(), report::toString);
            assertEquals(1, report.failed(), report::toString);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 8L, 9L, 10L),
                    h.output.records().stream().map(r -> r.get("pid")).toList());
        }
    }

    /** A kernel_basics event with {@code pid}. */
    private static ByteBuffer record(int pid) {
        ByteBuffer raw = ByteBuffer.allocate((int) BASICS.type().size()).order(ByteOrder.LITTLE_ENDIAN);
        raw.putLong(0, pid * 100L).putInt(8, pid).putInt(12, 1).put(16, (byte) 'a');
        return raw;
    }

    /**
     * A field the record does not hold is missing as a dict key is (KeyError, get's default, not
     * in keys()), and reads as None as an attribute, the record's type having it.
     */
    @Test
    void aShortRecordHasTheFieldsItHoldsAndTheOthersAreMissingKeys() {
        String handler = """
                def on_event(e, ctx):
                    ctx.emit(e)
                    try:
                        item = e['args']
                    except KeyError:
                        item = 'KeyError'
                    ctx.emit({'keys': list(e.keys()), 'args': e.args, 'item': item, 'has': 'args' in e,
                              'get': e.get('args', 'absent'), 'raw_len': len(e.raw)})
                """;
        byte[] ls = TestLayouts.shortExec(42, "ls", "/bin/ls -l"); // 24 + 11 bytes
        List<byte[]> records = List.of(Arrays.copyOf(ls, 56), ls, Arrays.copyOf(ls, 24 + 5), Arrays.copyOf(ls, 24),
                Arrays.copyOf(ls, 64), Arrays.copyOf(ls, 56));
        try (HandlerHarness h = HandlerHarness.start("short.py", handler, HandlerHarness.patientOptions())) {
            for (byte[] record : records) {
                h.sink.onRecord("events", TestLayouts.SHORT_EXEC, RecordLayout.view(record));
            }
            h.awaitHandled(records.size());
            h.finish();
            List<Map<String, Object>> out = h.output.records();
            assertEquals(2 * records.size(), out.size(), () -> "records: " + out + ", log: " + h.log.lines());
            List<String> all = List.of("pid", "args_size", "comm", "args", "raw");
            List<String> args = List.of("/bin/ls -l", "/bin/ls -l", "/bin/", "", "/bin/ls -l", "/bin/ls -l");
            for (int i = 0; i < records.size(); i++) {
                byte[] raw = records.get(i);
                assertEquals(TestLayouts.decodedWithRaw(TestLayouts.SHORT_EXEC, raw), out.get(2 * i), "event " + i);
                Map<String, Object> expected = new LinkedHashMap<>();
                boolean hasArgs = i != 3;
                expected.put("keys", hasArgs ? all : List.of("pid", "args_size", "comm", "raw"));
                expected.put("args", hasArgs ? args.get(i) : null);
                expected.put("item", hasArgs ? args.get(i) : "KeyError");
                expected.put("has", hasArgs);
                expected.put("get", hasArgs ? args.get(i) : "absent");
                expected.put("raw_len", (long) raw.length);
                assertEquals(expected, out.get(2 * i + 1), "event " + i);
            }
        }
    }

    /**
     * A short record reaches the handler as the host's event view, a foreign dict to GraalPy: its
     * dict methods come before attributes of the same name, so this field is read as an item.
     */
    @Test
    void anIntegerArrayARecordEndsInsideHasTheWholeElementsThere() {
        String handler = """
                def on_event(e, ctx):
                    ctx.emit({'count': e.count, 'values': list(e['values'])})
                """;
        ByteBuffer record = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 7).putInt(4, 3)
                .putInt(8, 1).putInt(12, -2).putInt(16, 3);
        try (HandlerHarness h = HandlerHarness.start("values.py", handler, HandlerHarness.patientOptions())) {
            h.sink.onRecord("events", TestLayouts.SHORT_SAMPLES, record.duplicate().order(ByteOrder.LITTLE_ENDIAN).limit(8 + 12));
            h.sink.onRecord("events", TestLayouts.SHORT_SAMPLES, record.duplicate().order(ByteOrder.LITTLE_ENDIAN).limit(8 + 14));
            h.sink.onRecord("events", TestLayouts.SHORT_SAMPLES, record.duplicate().order(ByteOrder.LITTLE_ENDIAN));
            h.awaitHandled(3);
            h.finish();
            assertEquals(List.of(Map.of("count", 3L, "values", List.of(1L, -2L, 3L)),
                    Map.of("count", 3L, "values", List.of(1L, -2L, 3L)),
                    Map.of("count", 3L, "values", List.of(1L, -2L, 3L, 0L, 0L, 0L, 0L, 0L))), h.output.records());
        }
    }
}
