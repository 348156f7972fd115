package dev.polytrace.host.script;

import static dev.polytrace.host.script.HandlerHarness.fastOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken handlers, without a kernel: each ends with a clear message naming the file
 * and line, the host (this JVM) goes on, two bystander handlers running meanwhile are unaffected,
 * and no handler thread is left behind. Memory exhaustion is in {@link MemoryContainmentTest};
 * the same with a real kernel object in {@link HandlerKernelTest}.
 */
class ContainmentTest {
    private static Bystanders bystanders;

    @BeforeAll
    static void startBystanders() {
        bystanders = new Bystanders();
    }

    @AfterAll
    static void stopBystanders() {
        bystanders.close();
    }

    @AfterEach
    void hostAndOtherHandlersAreFine() {
        bystanders.assertUnaffected();
        Bystanders.assertNoHandlerThreadsLeft();
    }

    // ---- runaway code ------------------------------------------------------------------------

    @Test
    void infiniteLoopInOnEventIsInterruptedAndTheNextEventsAreHandled() {
        String js = """
                let n = 0;
                export function onEvent(event, ctx) {
                  if (event.pid === 2) { while (true) { n++; } }
                  ctx.emit({pid: event.pid});
                }
                """;
        HandlerReport report = events("loop.js", js, fastOptions(), 4);
        assertEquals(1, report.timeouts(), report::toString);
        assertEquals("loop.js:3: onEvent ran longer than 300 ms and was interrupted", report.firstError());
        assertEquals(4, report.handled());
    }

    @Test
    void infiniteLoopInPythonOnEventIsInterruptedAndTheNextEventsAreHandled() {
        String py = """
                def on_event(event, ctx):
                    while event.pid == 2:
                        pass
                    ctx.emit({'pid': event.pid})
                """;
        HandlerHarness h = HandlerHarness.start("loop.py", py, fastOptions());
        for (int pid = 1; pid <= 4; pid++) {
            h.send(pid, "x");
        }
        HandlerReport report = h.finish();
        assertEquals(1, report.timeouts(), report::toString);
        assertMatches("loop\\.py:\\d+: on_event ran longer than 300 ms and was interrupted", report.firstError());
        assertEquals(3, h.output.records().size(), "events 1, 3 and 4 were emitted");
    }

    @Test
    void repeatedTimeoutsAreCountedAsHandlerErrors() {
        String js = "export function onEvent(event, ctx) { for (;;) {} }";
        HandlerReport report = events("spin.js", js, fastOptions().withCallTimeout(Duration.ofMillis(50)), 5);
        assertEquals(5, report.timeouts());
        assertEquals(5, report.errors());
        assertEquals(5, report.failed());
        assertTrue(report.summary().startsWith("5 handler errors, 5 timeouts (first: spin.js:1: onEvent ran longer"),
                report.summary());
    }

    @Test
    void infiniteLoopInInitFailsTheStart() {
        String js = "export function init(ctx) {\n  while (true) {}\n}\nexport function onEvent(e, ctx) {}";
        assertStartFails("init-loop.js", js, "init-loop.js:2: init ran longer than 500 ms and was interrupted");
        String py = "def init(ctx):\n    while True:\n        pass\n";
        assertStartFails("init-loop.py", py, "init-loop\\.py:\\d+: init ran longer than 500 ms and was interrupted");
    }

    @Test
    void infiniteLoopAtModuleLevelFailsTheLoad() {
        HandlerOptions options = fastOptions().withStartTimeout(Duration.ofMillis(500));
        HandlerException js = assertLoadFails("top.js", "while (true) {}\nexport function onEvent(e) {}", options);
        // Neither language gives a source position for code running at a module's top level.
        assertMatches("top\\.js(:1)?: loading the handler ran longer than 500 ms and was interrupted", js.getMessage());
        HandlerException py = assertLoadFails("top.py", "while True:\n    pass\n", options);
        assertMatches("top\\.py(:1)?: loading the handler ran longer than 500 ms and was interrupted", py.getMessage());
    }

    @Test
    void infiniteLoopInOnExitDoesNotHoldUpTheStop() {
        String js = "export function onExit(ctx) { while (true) {} }";
        HandlerHarness h = HandlerHarness.load("exit-loop.js", js, fastOptions().withStartTimeout(Duration.ofMillis(300)));
        h.sink.start(null);
        long started = System.nanoTime();
        HandlerReport report = h.finish();
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "stop took too long");
        assertEquals("exit-loop.js:1: onExit ran longer than 300 ms and was interrupted", report.firstError());
    }

    @Test
    void withoutWatchdogTheStatementLimitKillsARunawayHandler() {
        HandlerOptions options = fastOptions().withCallTimeout(Duration.ZERO).withStatementLimit(200_000);
        String js = "export function onEvent(event, ctx) {\n  for (;;) {}\n}";
        HandlerHarness h = HandlerHarness.start("limit.js", js, options);
        Stops stops = new Stops(h.sink);
        h.send(1, "a");
        h.send(2, "b");
        HandlerReport report = h.finish();
        assertEquals(1, report.errors());
        assertMatches("limit\\.js:2: Statement count limit of 200000 exceeded.*handler stopped.*", report.firstError());
        assertEquals(report.firstError(), report.stopCause());
        assertEquals(1, stops.count(), "the run is told to stop: the handler cannot go on");
        assertEquals(1, report.unhandled(), "the event after the fatal one");
    }

    @Test
    void deepRecursionIsAnOrdinaryError() {
        String js = "function down(n) { return down(n + 1) + 1; }\nexport function onEvent(e, ctx) { down(0); }";
        HandlerReport report = events("deep.js", js, fastOptions().withCallTimeout(Duration.ofSeconds(20)), 2);
        assertMatches("deep\\.js:1: RangeError: Maximum call stack size exceeded", report.firstError());
        assertEquals(2, report.errors(), "the context stayed usable for the second event");
        String py = "def down(n):\n    return down(n + 1) + 1\ndef on_event(e, ctx):\n    down(0)\n";
        HandlerReport pyReport = events("deep.py", py, fastOptions().withCallTimeout(Duration.ofSeconds(20)), 2);
        assertMatches("deep\\.py:2: RecursionError: maximum recursion depth exceeded.*", pyReport.firstError());
        assertEquals(2, pyReport.errors());
    }

    // ---- sandbox escapes ---------------------------------------------------------------------

    @Test
    void readingEtcShadowIsDenied() {
        String js = "export function onEvent(e, ctx) {\n  ctx.emit({data: load('/etc/shadow')});\n}";
        assertFirstError("shadow.js", js, "shadow\\.js:2: Error: Operation is not allowed for: /etc/shadow");
        String py = "def on_event(e, ctx):\n    ctx.emit({'data': open('/etc/shadow').read()})\n";
        assertFirstError("shadow.py", py, "shadow\\.py:2: PermissionError: .*Operation not permitted.*");
        String jsImport = "import secret from '/etc/shadow';\nexport function onEvent(e, ctx) {}";
        HandlerException e = assertLoadFails("import.js", jsImport, fastOptions());
        assertMatches("import\\.js.*Operation is not allowed for: /etc/shadow", e.getMessage());
    }

    @Test
    void openingASocketIsDenied() {
        String py = "import socket\ndef on_event(e, ctx):\n    socket.socket().connect(('127.0.0.1', 22))\n";
        assertFirstError("sock.py", py, "sock\\.py:?\\d*: denied by the sandbox: socket was excluded");
        String js = "export function onEvent(e, ctx) {\n  fetch('http://127.0.0.1/');\n}";
        assertFirstError("sock.js", js, "sock\\.js:2: ReferenceError: fetch is not defined");
    }

    @Test
    void startingAProcessIsDenied() {
        String py = "import subprocess\ndef on_event(e, ctx):\n    subprocess.run(['/bin/true'])\n";
        assertFirstError("proc.py", py, "proc\\.py:\\d+: PermissionError: .*");
        String system = "import os\ndef on_event(e, ctx):\n    os.system('touch /tmp/polytrace-pwned')\n";
        assertFirstError("system.py", system, "system\\.py:?\\d*: denied by the sandbox: .*not allowed.*");
        assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/polytrace-pwned")));
        String js = "export function onEvent(e, ctx) {\n  require('child_process').execSync('id');\n}";
        assertFirstError("proc.js", js, "proc\\.js:2: ReferenceError: require is not defined");
    }

    @Test
    void startingAThreadIsDenied() {
        String py = "import threading\ndef on_event(e, ctx):\n    threading.Thread(target=print).start()\n";
        assertFirstError("thread.py", py, "thread\\.py:?\\d*: denied by the sandbox: .*[Tt]hreads? .*not allowed.*");
    }

    @Test
    void javaClassesAreOutOfReach() {
        String js = "export function onEvent(e, ctx) {\n  Java.type('java.lang.Runtime').getRuntime().exec('id');\n}";
        assertFirstError("java.js", js, "java\\.js:2: ReferenceError: Java is not defined");
        String viaCtx = "export function onEvent(e, ctx) {\n  ctx.getClass().forName('java.lang.Runtime');\n}";
        assertFirstError("getclass.js", viaCtx, "getclass\\.js:2: TypeError: .*getClass.*");
        String py = "import java\ndef on_event(e, ctx):\n    java.type('java.lang.Runtime')\n";
        assertFirstError("java.py", py, "java\\.py:3: .*host lookup is not allowed.*");
        String pyCtx = "def on_event(e, ctx):\n    ctx.getClass()\n";
        assertFirstError("getclass.py", pyCtx, "getclass\\.py:2: AttributeError: .*getClass.*");
    }

    @Test
    void otherLanguagesAndThePolyglotBindingsAreOutOfReach() {
        String js = "export function onEvent(e, ctx) {\n  Polyglot.eval('python', 'import os');\n}";
        assertFirstError("poly.js", js, "poly\\.js:2: ReferenceError: Polyglot is not defined");
        String py = "import polyglot\ndef on_event(e, ctx):\n    polyglot.eval(language='js', string='1')\n";
        assertFirstError("poly.py", py, "poly\\.py:3: .*polyglot access is not allowed.*");
        String bindings = "import polyglot\ndef on_event(e, ctx):\n    polyglot.import_value('x')\n";
        assertFirstError("bindings.py", bindings, "bindings\\.py:3: .*polyglot access is not allowed.*");
    }

    @Test
    void theHostEnvironmentIsInvisible() {
        String py = "import os\ndef on_event(e, ctx):\n    ctx.emit({'path': os.environ.get('PATH'), 'home': os.environ.get('HOME')})\n";
        HandlerHarness h = HandlerHarness.start("env.py", py, fastOptions());
        h.send(1, "a");
        HandlerReport report = h.finish();
        assertEquals(0, report.errors(), report::toString);
        assertEquals(java.util.Arrays.asList(null, null), new java.util.ArrayList<>(h.output.records().get(0).values()));
        String js = "export function onEvent(e, ctx) {\n  ctx.emit({p: process.env.PATH});\n}";
        assertFirstError("env.js", js, "env\\.js:2: ReferenceError: process is not defined");
    }

    // ---- broken handlers ---------------------------------------------------------------------

    @Test
    void throwingOnEveryEventIsCountedAndTheRunContinues() {
        String js = "export function onEvent(event, ctx) {\n  throw new TypeError('bad event ' + event.pid);\n}";
        HandlerReport report = events("throw.js", js, fastOptions(), 300);
        assertEquals(300, report.errors());
        assertEquals(300, report.failed());
        assertEquals(300, report.handled());
        assertEquals("throw.js:2: TypeError: bad event 1", report.firstError());
        assertEquals("300 handler errors (first: throw.js:2: TypeError: bad event 1)", report.summary());
        String py = "def on_event(event, ctx):\n    raise ValueError('bad event %d' % event.pid)\n";
        HandlerReport pyReport = events("throw.py", py, fastOptions(), 300);
        assertEquals(300, pyReport.errors());
        assertEquals("throw.py:2: ValueError: bad event 1", pyReport.firstError());
    }

    @Test
    void throwingStopsTheRunWhenThePackageSaysSo() {
        String py = "def on_event(event, ctx):\n    if event.pid == 3:\n        raise KeyError('boom')\n";
        HandlerHarness h = HandlerHarness.start("stop.py", py, fastOptions().withStopOnError(true));
        Stops stops = new Stops(h.sink);
        for (int pid = 1; pid <= 10; pid++) {
            h.send(pid, "x");
        }
        HandlerHarness.await("stop", Duration.ofSeconds(30), () -> stops.count() == 1);
        HandlerReport report = h.finish();
        assertEquals("stop.py:3: KeyError: 'boom'", report.stopCause());
        assertEquals(3, report.handled());
        assertEquals(7, report.unhandled());
    }

    @Test
    void emittingValuesThatAreNotPlainDataIsAClearError() {
        String js = """
                export function onEvent(event, ctx) {
                  if (event.pid === 1) ctx.emit({f: () => 1});
                  if (event.pid === 2) { const o = {}; o.self = o; ctx.emit(o); }
                  if (event.pid === 3) ctx.emit({n: NaN});
                  if (event.pid === 4) ctx.emit({c: ctx});
                  if (event.pid === 5) ctx.emit(42);
                  if (event.pid === 6) ctx.emit({ok: true});
                }
                """;
        HandlerHarness h = HandlerHarness.start("emit.js", js, fastOptions());
        for (int pid = 1; pid <= 6; pid++) {
            h.send(pid, "x");
        }
        HandlerReport report = h.finish();
        assertEquals(5, report.errors(), report::toString);
        assertMatches("emit\\.js:2: emit: .*function.*", report.firstError());
        assertEquals(java.util.List.of(java.util.Map.of("ok", true)), h.output.records());
        String log = h.log.text();
        assertMatches("(?s).*emit\\.js:3: .*cycle.*", log);
        assertMatches("(?s).*emit\\.js:4: .*NaN.*", log);
        String py = "def on_event(event, ctx):\n    ctx.emit({'f': print})\n";
        assertFirstError("emit.py", py, "emit\\.py:2: emit: .*function.*");
    }

    @Test
    void mutatingCtxChangesNothingForTheHost() {
        String js = """
                export function onEvent(event, ctx) {
                  try { ctx.emit = null; } catch (e) {}
                  try { ctx.params.x = 1; } catch (e) {}
                  try { delete ctx.log; } catch (e) {}
                  ctx.emit({pid: event.pid, emitIsFunction: typeof ctx.emit === 'function'});
                }
                """;
        HandlerHarness h = HandlerHarness.start("mutate.js", js, fastOptions());
        h.send(1, "a");
        h.send(2, "b");
        HandlerReport report = h.finish();
        assertEquals(0, report.errors(), report::toString);
        assertEquals(2, h.output.records().size());
        assertEquals(true, h.output.records().get(1).get("emitIsFunction"));
        String py = "def on_event(event, ctx):\n    ctx.emit = None\n";
        assertFirstError("mutate.py", py, "mutate\\.py:2: .*");
        String pyParams = "def on_event(event, ctx):\n    ctx.params['x'] = 1\n";
        assertFirstError("params.py", pyParams, "params\\.py:2: .*read-only.*");
    }

    @Test
    void aHandlerTooSlowForItsEventsDropsThemWithoutBlockingTheReader() {
        String js = """
                export function onEvent(event, ctx) {
                  const until = Date.now() + 5;
                  while (Date.now() < until) {}
                }
                """;
        HandlerOptions options = fastOptions().withQueue(64, 16);
        HandlerHarness h = HandlerHarness.start("slow.js", js, options);
        long worstOffer = 0;
        for (int i = 0; i < 5000; i++) {
            long t0 = System.nanoTime();
            h.send(i + 1, "x");
            worstOffer = Math.max(worstOffer, System.nanoTime() - t0);
        }
        HandlerReport report = h.finish();
        assertTrue(report.dropped() > 4000, report::toString);
        assertEquals(5000, report.received());
        assertEquals(5000, report.handled() + report.dropped() + report.unhandled(), report::toString);
        assertEquals(report.dropped(), h.output.lost.get("events (handler queue full)"));
        assertTrue(worstOffer < 50_000_000L, "a reader waited " + worstOffer / 1_000_000 + " ms");
        assertTrue(report.summary().contains("events dropped (handler queue full)"), report.summary());
    }

    @Test
    void aSyntaxErrorNamesTheLine() {
        HandlerException js = assertLoadFails("syntax.js", "export function onEvent(e) {\n  let = = 1;\n}", fastOptions());
        assertMatches("syntax\\.js:2: SyntaxError: .*", js.getMessage());
        HandlerException py = assertLoadFails("syntax.py", "def on_event(e, ctx):\n    x = = 1\n", fastOptions());
        assertMatches("syntax\\.py:2: SyntaxError: .*", py.getMessage());
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Runs {@code count} events (pids 1..count) through a handler and closes it. */
    private static HandlerReport events(String file, String source, HandlerOptions options, int count) {
        HandlerHarness h = HandlerHarness.start(file, source, options);
        for (int pid = 1; pid <= count; pid++) {
            h.send(pid, "x");
        }
        return h.finish();
    }

    private static void assertFirstError(String file, String source, String regex) {
        // A generous budget: some denials (subprocess in GraalPy) take a while to be refused.
        HandlerReport report = events(file, source, fastOptions().withCallTimeout(Duration.ofSeconds(10)), 2);
        assertEquals(2, report.errors(), () -> "both events fail and the handler goes on: " + report);
        assertMatches(regex, report.firstError());
    }

    private static void assertStartFails(String file, String source, String regex) {
        HandlerOptions options = fastOptions().withStartTimeout(Duration.ofMillis(500));
        HandlerHarness h = HandlerHarness.load(file, source, options);
        try {
            HandlerException e = assertThrows(HandlerException.class, () -> h.sink.start(null));
            assertMatches(regex, e.getMessage());
        } finally {
            h.close();
        }
    }

    /** The load must fail; a handler that loads anyway is closed so that it cannot leak into other tests. */
    private static HandlerException assertLoadFails(String file, String source, HandlerOptions options) {
        HandlerHarness loaded;
        try {
            loaded = HandlerHarness.load(file, source, options);
        } catch (HandlerException e) {
            return e;
        }
        loaded.close();
        throw new AssertionError(file + " loaded, but should not have");
    }

    static void assertMatches(String regex, String actual) {
        assertTrue(actual != null && Pattern.compile(regex).matcher(actual).matches(),
                () -> "expected /" + regex + "/ but was: " + actual);
    }

    /** Counts the handler's requests to stop the run. */
    static final class Stops {
        private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

        Stops(HandlerSink sink) {
            sink.onStop(e -> count.incrementAndGet());
        }

        int count() {
            return count.get();
        }
    }
}
