package dev.polytrace.host.script;

import static dev.polytrace.host.script.HandlerHarness.patientOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.pkg.PackageHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** init / onEvent / onInterval / onExit in both languages, fed by the test without a kernel. */
class HandlerLifecycleTest {
    private static final String JS = """
            let seen = 0;
            export function init(ctx, state) {
              seen = state ? state.seen : 0;
              ctx.log.info('init ' + ctx.params.greeting);
            }
            export function onEvent(event, ctx) {
              seen++;
              ctx.emit({pid: event.pid, comm: event.comm, file: event['filename'], first: event.raw[0]});
            }
            export function onExit(ctx) {
              console.log('bye after ' + seen);
              return {seen: seen};
            }
            """;

    private static final String PY = """
            seen = 0

            def init(ctx, state=None):
                global seen
                seen = state['seen'] if state else 0
                ctx.log.info('init ' + ctx.params['greeting'])

            def on_event(event, ctx):
                global seen
                seen += 1
                ctx.emit({'pid': event.pid, 'comm': event['comm'], 'file': event.filename, 'first': event.raw[0]})

            def on_exit(ctx):
                print('bye after', seen)
                return {'seen': seen}
            """;

    @Test
    void eventsQueuedWhileAHandlerStartedGoOutInBatchesThatStartSmall() {
        try (HandlerHarness h = HandlerHarness.load("count.js",
                "export function onEvent(event, ctx) { ctx.emit({pid: event.pid}); }", patientOptions())) {
            for (int i = 0; i < 100; i++) {
                h.send(i, "held");
            }
            h.runtime.start(null);
            h.awaitHandled(100);
            // Each batch's records go out when it ends: 8, then 16 more, 32 more, and the rest.
            assertEquals(List.of(8, 24, 56, 100), h.output.recordsAtFlush());
        }
    }

    @Test
    void jsHandlerSeesEventsOneAtATimeAndReturnsItsState() {
        runsTheLifecycle("trace.js", JS);
    }

    @Test
    void pythonHandlerSeesEventsOneAtATimeAndReturnsItsState() {
        runsTheLifecycle("trace.py", PY);
    }

    private static void runsTheLifecycle(String file, String source) {
        HandlerHarness h = HandlerHarness.load(file, source, patientOptions(), Map.of("greeting", "hello"));
        h.runtime.start(null);
        for (int i = 1; i <= 600; i++) {
            h.send(1000 + i, "cmd" + i);
        }
        h.awaitHandled(600);
        HandlerReport report = h.finish();
        assertEquals(600, report.handled(), report::toString);
        assertEquals(0, report.errors(), report::toString);
        List<Map<String, Object>> records = h.output.records();
        assertEquals(600, records.size());
        assertEquals(Map.of("pid", 1001L, "comm", "cmd1", "file", "/bin/cmd1", "first", (long) (1001 & 0xff)),
                records.get(0));
        assertEquals(1600L, records.get(599).get("pid"));
        assertEquals(Map.of("seen", 600L), report.exitState());
        assertTrue(h.output.streams.stream().allMatch(file::equals), "emitted records form their own stream");
        assertTrue(h.log.lines().contains("INFO init hello"), h.log::text);
        assertTrue(h.log.text().contains("bye after") && h.log.text().contains("600"), h.log::text);
        assertTrue(h.output.closed);
    }

    @Test
    void onIntervalRunsOnTheHandlerThreadAtThePackageInterval() {
        String js = """
                let ticks = 0;
                export function onInterval(ctx) { ticks++; ctx.log.info('tick'); }
                export function onExit(ctx) { return ticks; }
                """;
        Duration interval = Duration.ofMillis(50);
        HandlerHarness h = HandlerHarness.load("tick.js", js, patientOptions().withInterval(interval));
        long t0 = System.nanoTime();
        h.runtime.start(null);
        h.log.awaitCount("INFO tick", 5);
        HandlerReport report = h.finish();
        long t1 = System.nanoTime();
        long ticks = (Long) report.exitState();
        // Tick k is due k intervals after the start at the earliest: no more fit between t0 and t1.
        assertTrue(ticks >= 5 && ticks <= (t1 - t0) / interval.toNanos(),
                "ticks: " + ticks + " in " + (t1 - t0) / 1_000_000 + " ms");
        assertEquals(ticks, h.log.lines().stream().filter("INFO tick"::equals).count());
        assertEquals(Set.of(Bystanders.THREAD_PREFIX + "tick.js"), h.log.threads(), "all on the handler's thread");
    }

    @Test
    void stateCarriesOverToAReplacementHandler() {
        HandlerHarness h = HandlerHarness.load("first.js", JS, patientOptions(), Map.of("greeting", "one"));
        h.runtime.start(null);
        for (int i = 0; i < 10; i++) {
            h.send(i + 1, "a");
        }
        h.awaitHandled(10);
        Object carried = h.runtime.replace(new PackageHandler("python", "second.py", PY)).state();
        assertEquals(Map.of("seen", 10L), carried);
        for (int i = 0; i < 5; i++) {
            h.send(i + 100, "b");
        }
        h.awaitHandled(15);
        HandlerReport report = h.finish();
        assertEquals(Map.of("seen", 15L), report.exitState(), "the Python handler counted on from the JS one's state");
        assertEquals(15, h.output.records().size());
    }

    @Test
    void aReplacementThatFailsToLoadLeavesTheRunningHandlerInPlace() {
        HandlerHarness h = HandlerHarness.load("keep.js", JS, patientOptions(), Map.of("greeting", "x"));
        h.runtime.start(null);
        HandlerException e = assertThrows(HandlerException.class,
                () -> h.runtime.replace(new PackageHandler("js", "broken.js", "export function onEvent(e, ctx) {\n  (;\n}")));
        assertTrue(e.getMessage().startsWith("broken.js:2: SyntaxError"), e.getMessage());
        h.send(7, "still");
        h.awaitHandled(1);
        HandlerReport report = h.finish();
        assertEquals(Map.of("seen", 1L), report.exitState());
    }

    @Test
    void aHandlerWithoutLifecycleFunctionsIsRefused() {
        HandlerException e = assertThrows(HandlerException.class,
                () -> HandlerHarness.load("empty.py", "x = 1\n", patientOptions()));
        assertEquals("empty.py: defines none of init, on_event, on_interval, on_exit", e.getMessage());
    }

    @Test
    void aHandlerWithOnlyOnExitCountsEventsAsIgnored() {
        HandlerHarness h = HandlerHarness.load("exit.js", "export function onExit(ctx) { return 1; }", patientOptions());
        h.runtime.start(null);
        h.send(1, "a");
        h.send(2, "b");
        h.awaitHandled(2);
        HandlerReport report = h.finish();
        assertEquals(0, report.handled(), "no onEvent: nothing handled");
        assertEquals(2, report.ignored());
        assertEquals(1L, report.exitState());
        assertNull(report.firstError());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
