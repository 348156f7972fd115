package dev.polytrace.host.script;

import static dev.polytrace.host.script.HandlerHarness.CALL_BUDGET;
import static dev.polytrace.host.script.HandlerHarness.patientOptions;
import static dev.polytrace.host.script.HandlerHarness.watchdogOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.pkg.PackageHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken handlers, without a kernel: each ends with a clear message naming the file
 * and line, the host (this JVM) goes on, two bystander handlers running meanwhile are unaffected,
 * and no handler thread is left behind. Runaway events (loops, recursion, huge allocations) are in
 * {@link RunawayHandlerTest}, memory exhaustion in {@link MemoryContainmentTest}; the same with a
 * real kernel object in {@link HandlerKernelTest}.
 *
 * <p>A runaway handler logs "looping" before it loops; its watchdog is on a {@link ManualClock},
 * which the test moves past the budget only then, so no other call can time out.
 */
class ContainmentTest {
    private static final String LOOPING = "INFO looping";
    private static final Duration START_BUDGET = Duration.ofMillis(500);
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

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
    void repeatedTimeoutsAreCountedAsHandlerErrors() {
        String js = "export function onEvent(event, ctx) { ctx.log.info('looping'); for (;;) {} }";
        Duration budget = Duration.ofMillis(50);
        ManualClock clock = new ManualClock();
        HandlerHarness h = HandlerHarness.start("spin.js", js, watchdogOptions().withCallTimeout(budget), clock);
        HandlerReport report = runOutEachLoop(h, clock, budget, 5, 5);
        assertEquals(5, report.timeouts());
        assertEquals(5, report.errors());
        assertEquals(5, report.failed());
        assertTrue(report.summary().startsWith("5 handler errors, 5 timeouts (first: spin.js:1: onEvent ran longer"),
                report.summary());
    }

    @Test
    void infiniteLoopInInitFailsTheStart() {
        String js = "export function init(ctx) {\n  ctx.log.info('looping'); while (true) {}\n}\nexport function onEvent(e, ctx) {}";
        assertStartTimesOut("init-loop.js", js, "init-loop.js:2: init ran longer than 500 ms and was interrupted");
        String py = "def init(ctx):\n    ctx.log.info('looping')\n    while True:\n        pass\n";
        assertStartTimesOut("init-loop.py", py, "init-loop\\.py:\\d+: init ran longer than 500 ms and was interrupted");
    }

    @Test
    void infiniteLoopAtModuleLevelFailsTheLoad() {
        HandlerException js = assertLoadTimesOut("top.js", "console.log('looping'); while (true) {}\nexport function onEvent(e) {}");
        // Neither language gives a source position for code running at a module's top level.
        assertMatches("top\\.js(:1)?: loading the handler ran longer than 500 ms and was interrupted", js.getMessage());
        HandlerException py = assertLoadTimesOut("top.py", "print('looping', flush=True)\nwhile True:\n    pass\n");
        assertMatches("top\\.py(:\\d+)?: loading the handler ran longer than 500 ms and was interrupted", py.getMessage());
    }

    @Test
    void infiniteLoopInOnExitDoesNotHoldUpTheStop() throws Exception {
        String js = "export function onExit(ctx) { ctx.log.info('looping'); while (true) {} }";
        ManualClock clock = new ManualClock();
        HandlerHarness h = HandlerHarness.start("exit-loop.js", js, watchdogOptions().withStartTimeout(START_BUDGET),
                clock);
        CompletableFuture<HandlerReport> stopping = onItsOwnThread(h::finish);
        h.log.awaitLine(LOOPING);
        clock.runOut(START_BUDGET);
        HandlerReport report = stopping.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        assertEquals("exit-loop.js:1: onExit ran longer than 500 ms and was interrupted", report.firstError());
        assertTrue(h.output.closed, "the stop went on to close the output");
    }

    /** The old handler is on its way out: its onExit running away is interrupted and stops nothing. */
    @Test
    void aSwapGoesOnWhenTheOldOnExitRunsAwayEvenUnderStop() throws Exception {
        String old = "export function onEvent(e, ctx) { ctx.emit({v: 1}); }\n"
                + "export function onExit(ctx) { ctx.log.info('looping'); while (true) {} }";
        ManualClock clock = new ManualClock();
        HandlerHarness h = HandlerHarness.start("old.js", old, watchdogOptions().withStartTimeout(START_BUDGET)
                .withStopOnError(true), clock);
        Stops stops = new Stops(h.runtime);
        h.send(1, "a");
        h.awaitHandled(1);
        CompletableFuture<HandOver> swapping = onItsOwnThread(() -> h.runtime.replace(new PackageHandler("js", "new.js",
                "export function onEvent(e, ctx) { ctx.emit({v: 2}); }")));
        h.log.awaitLine(LOOPING);
        clock.runOut(START_BUDGET);
        HandOver handOver = swapping.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        assertEquals(new HandOver(null, "old.js:2: onExit ran longer than 500 ms and was interrupted"), handOver);
        h.send(2, "b");
        h.awaitHandled(2);
        HandlerReport report = h.finish();
        assertEquals(0, stops.count(), "the old handler's onExit stops nothing");
        assertEquals(null, report.stopCause(), report::toString);
        assertEquals(1, report.errors(), report::toString);
        assertEquals(List.of(1L, 2L), h.output.records().stream().map(r -> ((Number) r.get("v")).longValue()).toList(),
                "the new handler took event 2");
    }

    // ---- sandbox escapes ---------------------------------------------------------------------

    @Test
    void readingEtcShadowIsDenied() {
        String js = "export function onEvent(e, ctx) {\n  ctx.emit({data: load('/etc/shadow')});\n}";
        assertFirstError("shadow.js", js, "shadow\\.js:2: Error: Operation is not allowed for: /etc/shadow");
        String py = "def on_event(e, ctx):\n    ctx.emit({'data': open('/etc/shadow').read()})\n";
        assertFirstError("shadow.py", py, "shadow\\.py:2: PermissionError: .*Operation not permitted.*");
        String jsImport = "import secret from '/etc/shadow';\nexport function onEvent(e, ctx) {}";
        HandlerException e = assertLoadFails("import.js", jsImport, patientOptions());
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
        HandlerHarness h = HandlerHarness.start("env.py", py, patientOptions());
        h.send(1, "a");
        h.awaitHandled(1);
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
        HandlerReport report = events("throw.js", js, patientOptions(), 300);
        assertEquals(300, report.errors());
        assertEquals(300, report.failed());
        assertEquals(0, report.handled(), "an event whose onEvent threw is not handled");
        assertEquals("throw.js:2: TypeError: bad event 1", report.firstError());
        assertEquals("300 handler errors (first: throw.js:2: TypeError: bad event 1)", report.summary());
        String py = "def on_event(event, ctx):\n    raise ValueError('bad event %d' % event.pid)\n";
        HandlerReport pyReport = events("throw.py", py, patientOptions(), 300);
        assertEquals(300, pyReport.errors());
        assertEquals("throw.py:2: ValueError: bad event 1", pyReport.firstError());
    }

    @Test
    void throwingStopsTheRunWhenThePackageSaysSo() {
        String py = "def on_event(event, ctx):\n    if event.pid == 3:\n        raise KeyError('boom')\n";
        HandlerHarness h = HandlerHarness.start("stop.py", py, patientOptions().withStopOnError(true));
        Stops stops = new Stops(h.runtime);
        for (int pid = 1; pid <= 10; pid++) {
            h.send(pid, "x");
        }
        HandlerHarness.await("stop", Duration.ofSeconds(30), () -> stops.count() == 1);
        HandlerReport report = h.finish();
        assertEquals("stop.py:3: KeyError: 'boom'", report.stopCause());
        assertEquals(2, report.handled(), "events 1 and 2; event 3 threw");
        assertEquals(1, report.failed());
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
        HandlerHarness h = HandlerHarness.start("emit.js", js, patientOptions());
        for (int pid = 1; pid <= 6; pid++) {
            h.send(pid, "x");
        }
        h.awaitHandled(6);
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

    /** The package's maxEmitBytes: a larger record is one handler error naming its size; the next goes out. */
    @Test
    void emittingARecordOverTheCapIsAnErrorNamingItsSize() {
        String js = "export function onEvent(event, ctx) {\n  ctx.emit({pid: event.pid, s: 'x'.repeat(event.pid === 1 ? 2000 : 10)});\n}";
        HandlerHarness h = HandlerHarness.start("big.js", js, patientOptions().withMaxEmitBytes(1000));
        h.send(1, "a");
        h.send(2, "b");
        h.awaitHandled(2);
        HandlerReport report = h.finish();
        assertEquals(1, report.errors(), report::toString);
        assertEquals("big.js:2: emit: the record takes at least 2040 bytes as JSON (up to field 's'), over the limit"
                + " of 1000 bytes (option maxEmitBytes)", report.firstError());
        assertEquals(List.of(2L), h.output.records().stream().map(r -> r.get("pid")).toList());
        String py = "def on_event(event, ctx):\n    ctx.emit({'s': 'x' * 2000})\n";
        HandlerHarness p = HandlerHarness.start("big.py", py, patientOptions().withMaxEmitBytes(1000));
        p.send(1, "a");
        p.awaitHandled(1);
        assertMatches("big\\.py:2: emit: the record takes at least 2009 bytes as JSON .*", p.finish().firstError());
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
        HandlerHarness h = HandlerHarness.start("mutate.js", js, patientOptions());
        h.send(1, "a");
        h.send(2, "b");
        h.awaitHandled(2);
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
                  if (event.pid === 1) ctx.log.info('hold');
                }
                """;
        int capacity = 64; // a power of two: the queue holds exactly this many
        int sent = 1000;
        // No watchdog: the handler stays in event 1 for as long as the test holds it there.
        HandlerOptions options = patientOptions().withCallTimeout(Duration.ZERO).withQueue(capacity, 16);
        try (HandlerHarness h = HandlerHarness.start("slow.js", js, options); Gate gate = new Gate()) {
            h.log.holdAt(gate, "hold"::equals);
            h.send(1, "x");
            gate.awaitArrival(); // event 1 is out of the queue, in the handler, and stays there
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                for (int pid = 2; pid <= sent; pid++) {
                    h.send(pid, "x");
                }
            }, "a reader waited for the stuck handler");
            long overflow = sent - 1 - capacity;
            assertEquals(overflow, h.runtime.report().dropped(), () -> "all but a queue's worth: " + h.runtime.report());
            gate.letOneThrough();
            h.awaitHandled(1 + capacity);
            HandlerReport report = h.finish();
            assertEquals(sent, report.received());
            assertEquals(1 + capacity, report.handled(), report::toString);
            assertEquals(overflow, report.dropped(), report::toString);
            assertEquals(0, report.unhandled(), report::toString);
            assertEquals(overflow, h.output.lost("events (handler queue full)"));
            assertTrue(report.summary().contains(overflow + " events dropped (handler queue full)"), report.summary());
        }
    }

    @Test
    void aSyntaxErrorNamesTheLine() {
        HandlerException js = assertLoadFails("syntax.js", "export function onEvent(e) {\n  let = = 1;\n}", patientOptions());
        assertMatches("syntax\\.js:2: SyntaxError: .*", js.getMessage());
        HandlerException py = assertLoadFails("syntax.py", "def on_event(e, ctx):\n    x = = 1\n", patientOptions());
        assertMatches("syntax\\.py:2: SyntaxError: .*", py.getMessage());
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Runs {@code count} events (pids 1..count) through a handler and closes it. */
    private static HandlerReport events(String file, String source, HandlerOptions options, int count) {
        HandlerHarness h = HandlerHarness.start(file, source, options);
        for (int pid = 1; pid <= count; pid++) {
            h.send(pid, "x");
        }
        h.awaitHandled(count);
        return h.finish();
    }

    /**
     * Sends pids 1..{@code count}; each time the handler logs "looping" (the {@code k}th time for
     * the {@code k}th loop), its call runs out of {@code budget}. Closes the handler once all are handled.
     */
    private static HandlerReport runOutEachLoop(HandlerHarness h, ManualClock clock, Duration budget, int loops,
                                                int count) {
        for (int pid = 1; pid <= count; pid++) {
            h.send(pid, "x");
        }
        for (int k = 1; k <= loops; k++) {
            h.log.awaitCount(LOOPING, k);
            clock.runOut(budget);
        }
        h.awaitHandled(count);
        return h.finish();
    }

    private static void assertFirstError(String file, String source, String regex) {
        // Patient: some denials (subprocess in GraalPy) take a while to be refused.
        HandlerReport report = events(file, source, patientOptions(), 2);
        assertEquals(2, report.errors(), () -> "both events fail and the handler goes on: " + report);
        assertMatches(regex, report.firstError());
    }

    /** init logs "looping", then loops: it runs out of the start budget, and the start fails. */
    private static void assertStartTimesOut(String file, String source, String regex) {
        ManualClock clock = new ManualClock();
        HandlerHarness h = HandlerHarness.load(file, source, watchdogOptions().withStartTimeout(START_BUDGET), clock);
        try {
            CompletableFuture<Void> starting = onItsOwnThread(() -> {
                h.runtime.start(null);
                return null;
            });
            h.log.awaitLine(LOOPING);
            clock.runOut(START_BUDGET);
            assertMatches(regex, failureOf(starting).getMessage());
        } finally {
            h.close();
        }
    }

    /** The handler's module logs "looping", then loops: it runs out of the start budget, and the load fails. */
    private static HandlerException assertLoadTimesOut(String file, String source) {
        ManualClock clock = new ManualClock();
        RecordingLog log = new RecordingLog();
        CompletableFuture<HandlerRuntime> loading = onItsOwnThread(() -> HandlerRuntime.load(
                new PackageHandler(PackageHandler.languageOf(file), file, source),
                watchdogOptions().withStartTimeout(START_BUDGET), HandlerServices.of(Map.of(), log),
                new RecordingSink(), clock));
        log.awaitLine(LOOPING);
        clock.runOut(START_BUDGET);
        return failureOf(loading);
    }

    /** The handler exception {@code task} failed with; a handler that loaded anyway is closed. */
    private static HandlerException failureOf(CompletableFuture<?> task) {
        try {
            Object result = task.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
            if (result instanceof HandlerRuntime loaded) {
                loaded.close();
            }
            throw new AssertionError("it did not fail");
        } catch (ExecutionException e) {
            return assertInstanceOf(HandlerException.class, e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code task} on a thread of its own, so that the test can act while it is under way. */
    static <T> CompletableFuture<T> onItsOwnThread(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "test-containment");
        thread.setDaemon(true);
        thread.start();
        return result;
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

        Stops(HandlerRuntime runtime) {
            runtime.onStop(e -> count.incrementAndGet());
        }

        int count() {
            return count.get();
        }
    }
}
