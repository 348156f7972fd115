package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.script.codec.RecordLayout;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
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
            KINDS.fillSample(raw, new Random(7));
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
            HandlerWarmUp.run(h.sink, BASICS, Duration.ofMillis(300));
            h.sink.start(null);
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
}
