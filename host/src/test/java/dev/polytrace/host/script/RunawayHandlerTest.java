package dev.polytrace.host.script;

import static dev.polytrace.host.script.ContainmentTest.assertMatches;
import static dev.polytrace.host.script.HandlerHarness.CALL_BUDGET;
import static dev.polytrace.host.script.HandlerHarness.watchdogOptions;
import static dev.polytrace.host.script.Runaways.RUNNING_AWAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.pkg.PackageOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runaway handlers (an endless loop, deep recursion, a huge allocation) in JS and Python, under
 * {@code onHandlerError: continue} and {@code stop} ({@link Runaways}: event 2 runs away). The
 * rule: the call ends within twice its budget, counts as one handler error, and event 3 goes to
 * the same handler, its module state intact; under "stop" the run stops at event 2 instead. A limit
 * that can only be enforced by closing the context rebuilds it: module state lost, said in the
 * log, and the run goes on.
 *
 * <p>The watchdog is on a {@link ManualClock}: a call runs out of its budget only when the test
 * moves the clock, once the runaway said it runs, so no other call can time out however loaded the
 * machine. The time to interrupt is then asserted on that clock. A call that must end by itself (a
 * stack overflow, a refused allocation) is timed on the wall clock and held to twice the package's
 * default budget plus {@link #SCHEDULING_ALLOWANCE}. Times are printed for the record.
 */
class RunawayHandlerTest {
    /**
     * What wall-clock measures allow beyond twice the budget: the handler thread's turn on the CPU
     * on a loaded two-CPU machine (other builds, the bystanders, a GC pause).
     */
    static final Duration SCHEDULING_ALLOWANCE = Duration.ofSeconds(1);
    private static final Duration DEFAULT_BUDGET = Duration.ofMillis(PackageOptions.DEFAULTS.handlerTimeoutMs());

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

    @ParameterizedTest
    @CsvSource({"js, continue", "js, stop", "py, continue", "py, stop"})
    void anEndlessLoopIsInterruptedWhenItsBudgetRunsOut(String language, String onError) {
        ManualClock clock = new ManualClock();
        Outcome o = Outcome.of(language, Runaways.source(language, Runaways.JS_LOOP, Runaways.PY_LOOP),
                watchdogOptions(), onError, clock, () -> clock.runOut(CALL_BUDGET));
        assertEquals(CALL_BUDGET, clock.elapsed(), "interrupted as its budget ran out, on the watchdog's clock");
        // GraalPy places an interrupt at the function, not the line it was at.
        o.assertError(language.equals("js") ? ":5" : ":\\d+", Runaways.onEvent(language)
                + " ran longer than 300 ms and was interrupted");
        assertEquals(1, o.report.timeouts(), o::toString);
        o.assertSameContextGoesOnOrStops();
    }

    /**
     * The same on the system clock, as a run has it: every event loops (so no other call can be
     * the one timed out), and each is interrupted within twice its budget, measured from the
     * moment it said it runs away to the moment its error was logged.
     */
    @ParameterizedTest
    @ValueSource(strings = {"js", "py"})
    void onTheSystemClockEachLoopIsInterruptedWithinTwiceItsBudget(String language) {
        Duration budget = Duration.ofMillis(500);
        String source = language.equals("js")
                ? "export function onEvent(event, ctx) {\n  ctx.log.info('running away');\n  while (true) {}\n}"
                : "def on_event(event, ctx):\n    ctx.log.info('running away')\n    while True: pass\n";
        HandlerHarness h = HandlerHarness.start(Runaways.file(language), source, watchdogOptions()
                .withCallTimeout(budget));
        try {
            for (int pid = 1; pid <= 3; pid++) {
                h.send(pid, "x");
            }
            h.awaitHandled(3);
            HandlerReport report = h.finish();
            assertEquals(3, report.timeouts(), report::toString);
            assertEquals(0, report.rebuilds(), report::toString);
            Duration limit = budget.multipliedBy(2).plus(SCHEDULING_ALLOWANCE);
            for (int k = 1; k <= 3; k++) {
                long took = h.log.loggedAt(line -> line.startsWith("ERROR " + Runaways.file(language)), k)
                        - h.log.loggedAt(RUNNING_AWAY::equals, k);
                System.out.println("loop " + language + " on the system clock, event " + k + ": interrupted after "
                        + took / 1_000_000 + " ms (budget " + budget.toMillis() + " ms)");
                assertTrue(took < limit.toNanos(), () -> "interrupted after " + took / 1_000_000 + " ms, over " + limit);
            }
        } finally {
            h.close();
        }
    }

    /**
     * The statement limit is a backstop for runs without a watchdog: beside one it would kill the
     * context of a loop the watchdog would only have interrupted (compiled code gets through the
     * default limit in about a second).
     */
    @ParameterizedTest
    @ValueSource(strings = {"js", "py"})
    void aLoopPastTheStatementLimitIsOnlyInterruptedWhenTheWatchdogIsOn(String language) {
        String js = "for (let i = 0; ; i++) { if (i === 100000) ctx.log.info('past the statement limit'); }";
        String py = "i = 0\n        while True:\n            i += 1\n"
                + "            if i == 100000: ctx.log.info('past the statement limit')";
        ManualClock clock = new ManualClock();
        Outcome o = Outcome.of(language, Runaways.source(language, js, py), watchdogOptions().withStatementLimit(50_000),
                "continue", clock, () -> clock.runOut(CALL_BUDGET), "INFO past the statement limit");
        assertEquals(1, o.report.timeouts(), o::toString);
        o.assertSameContextGoesOnOrStops();
    }

    @ParameterizedTest
    @CsvSource({"js, continue", "js, stop", "py, continue", "py, stop"})
    void deepRecursionEndsByItselfAsAnOrdinaryError(String language, String onError) {
        Outcome o = Outcome.of(language, Runaways.source(language, Runaways.JS_RECURSION, Runaways.PY_RECURSION),
                watchdogOptions(), onError, new ManualClock(), () -> { });
        o.assertError(":" + Runaways.recursionLine(language), language.equals("js")
                ? "RangeError: Maximum call stack size exceeded" : "RecursionError: maximum recursion depth exceeded");
        o.assertEndedWithinTwiceTheBudget("deep recursion");
        o.assertSameContextGoesOnOrStops();
    }

    @ParameterizedTest
    @CsvSource({"js, continue", "js, stop", "py, continue", "py, stop"})
    void aHugeAllocationIsRefusedAsAnOrdinaryError(String language, String onError) {
        Outcome o = Outcome.of(language, Runaways.source(language, Runaways.JS_ALLOCATION, Runaways.PY_ALLOCATION),
                watchdogOptions(), onError, new ManualClock(), () -> { });
        o.assertError(":" + Runaways.runawayLine(language), language.equals("js") ? "RangeError: .*allocation failed"
                : "MemoryError.* \\(an allocation larger than the heap can hold was refused\\)");
        o.assertEndedWithinTwiceTheBudget("a huge allocation");
        o.assertSameContextGoesOnOrStops();
    }

    /**
     * The launcher gives threads 8 MB of stack, where a Python overflow took seconds to unwind,
     * could not be interrupted and ended in a cancel; the handler thread's own stack keeps it
     * short. Run in a JVM with the launcher's stack size, on the system clock, under the package
     * defaults: each event ends in an ordinary error (or an interrupt) within twice the budget.
     */
    @Test
    void deepRecursionEndsWithinTwiceTheBudgetUnderTheLaunchersStackSize() throws Exception {
        Map<String, String> result = ForkedJvm.run(RecursionProbe.class, List.of("-Xss8m"));
        assertEquals("", result.getOrDefault("done", "missing"), result::toString);
        for (String language : List.of("js", "py")) {
            System.out.println("deep recursion under -Xss8m, " + language + ": " + result.get(language + ".firstError")
                    + ", slowest " + result.get(language + ".slowestMillis") + " ms");
            assertEquals("3", result.get(language + ".errors"), result::toString);
            assertEquals("0", result.get(language + ".rebuilds"), result::toString);
            assertEquals("null", result.get(language + ".stopCause"), result::toString);
            assertMatches("deep\\." + language + "(:\\d+)?: (RangeError: Maximum call stack size exceeded|RecursionError: "
                    + "maximum recursion depth exceeded|on_?[eE]vent ran longer than 1000 ms and was interrupted)",
                    result.get(language + ".firstError"));
            long slowest = Long.parseLong(result.get(language + ".slowestMillis"));
            assertTrue(slowest < DEFAULT_BUDGET.multipliedBy(2).plus(SCHEDULING_ALLOWANCE).toMillis(), result::toString);
        }
    }

    /**
     * Without a watchdog the statement limit is the backstop: it kills the context, which is
     * rebuilt. (GraalPy counts a statement as the line changes: a loop on one line escapes it,
     * as it does not escape the watchdog.)
     */
    @ParameterizedTest
    @CsvSource({"js, continue", "js, stop", "py, continue", "py, stop"})
    void aContextTheStatementLimitKilledIsRebuilt(String language, String onError) {
        HandlerOptions options = watchdogOptions().withCallTimeout(Duration.ZERO).withStatementLimit(200_000);
        Outcome o = Outcome.of(language, Runaways.source(language, Runaways.JS_LOOP, "while True:\n            pass"),
                options, onError, new ManualClock(), () -> { });
        // GraalPy counts a statement as the line changes, and the count covers the whole batch:
        // whether event 1 came in the same batch decides on which of the loop's two lines it runs out.
        String loop = language.equals("py") ? "(9|10)" : String.valueOf(Runaways.runawayLine(language));
        o.assertError(":" + loop, "Statement count limit of 200000 exceeded.*\\(its context is dead\\)");
        o.assertRebuiltOrStops();
    }

    /** A rebuild whose init fails stops the handler, with why. */
    @Test
    void aContextThatCannotBeRebuiltStopsTheHandler() {
        String js = """
                export function init(ctx) { ctx.log.info('init'); }
                export function onEvent(event, ctx) { if (event.pid === 2) { for (;;) {} } ctx.emit({pid: event.pid}); }
                """;
        HandlerOptions options = watchdogOptions().withCallTimeout(Duration.ZERO).withStatementLimit(200_000);
        HandlerHarness h = HandlerHarness.start("rebuild.js", js, options);
        try {
            ContainmentTest.Stops stops = new ContainmentTest.Stops(h.runtime);
            h.send(1, "x");
            h.awaitHandled(1);
            h.log.refuse("init"::equals); // the rebuilt handler's init will fail
            h.send(2, "x");
            h.send(3, "x");
            h.awaitHandled(3);
            HandlerReport report = h.finish();
            assertEquals("rebuild.js:1: the log refused 'init'", report.stopCause(), report::toString);
            assertEquals(2, report.errors(), "the runaway, then the failed rebuild: " + report);
            assertEquals(0, report.rebuilds(), report::toString);
            assertEquals(1, stops.count());
            assertEquals(1, report.unhandled(), report::toString);
            assertEquals(List.of(1L), h.output.records().stream().map(r -> r.get("pid")).toList());
        } finally {
            h.close();
        }
    }

    /**
     * A call stuck in host code cannot be interrupted (the guest polls for it only in guest code):
     * once the grace is over its context is cancelled, the call ends as it comes back, and the
     * context is rebuilt. The call is held at a gate in {@code ctx.log.info}, and let go once the
     * watchdog has cancelled.
     */
    @ParameterizedTest
    @CsvSource({"js, continue", "py, stop"})
    void aCallTheInterruptCannotStopHasItsContextRebuilt(String language, String onError) throws Exception {
        ManualClock clock = new ManualClock().withInterruptGrace(Duration.ofMillis(50));
        try (Gate gate = new Gate()) {
            String hold = language.equals("js") ? "ctx.log.info('hold');" : "ctx.log.info('hold')";
            Outcome o = Outcome.of(language, Runaways.source(language, hold, hold), watchdogOptions(), onError, clock,
                    h -> {
                        h.log.holdAt(gate, "hold"::equals);
                        return () -> {
                            gate.awaitArrival();
                            // The watchdog waits in the cancel until the call leaves host code: move the clock aside.
                            CompletableFuture<Void> runOut = ContainmentTest.onItsOwnThread(() -> {
                                clock.runOut(CALL_BUDGET);
                                return null;
                            });
                            HandlerHarness.await("the watchdog to cancel", Duration.ofSeconds(60),
                                    () -> h.runtime.watchdog().cancels() == 1);
                            gate.letOneThrough();
                            join(runOut);
                        };
                    });
            // A cancelled call has no line to show.
            o.assertError("", Runaways.onEvent(language) + " was stopped: it ran longer than"
                    + " 300 ms and an interrupt did not stop it within 50 ms; its context was closed");
            o.assertRebuiltOrStops();
        }
    }

    // ---- the outcome of sending events 1, 2 (runs away) and 3 -----------------------------------

    /** What became of events 1..3, and how long event 2 took from "running away" to its error (wall clock). */
    private record Outcome(String language, boolean stop, HandlerReport report, List<Map<String, Object>> records,
                           int stops, List<String> log, Duration took) {

        /** Something to do while event 2 runs away, given the harness before the events are sent. */
        interface Setup {
            Runnable prepare(HandlerHarness h);
        }

        static Outcome of(String language, String source, HandlerOptions options, String onError, ManualClock clock,
                          Runnable whileRunningAway) {
            return of(language, source, options, onError, clock, h -> whileRunningAway);
        }

        static Outcome of(String language, String source, HandlerOptions options, String onError, ManualClock clock,
                          Runnable whileRunningAway, String marker) {
            return of(language, source, options, onError, clock, h -> () -> {
                h.log.awaitLine(marker);
                whileRunningAway.run();
            });
        }

        static Outcome of(String language, String source, HandlerOptions options, String onError, ManualClock clock,
                          Setup setup) {
            boolean stop = onError.equals("stop");
            HandlerHarness h = HandlerHarness.start(Runaways.file(language), source, options.withStopOnError(stop),
                    clock);
            try {
                ContainmentTest.Stops stops = new ContainmentTest.Stops(h.runtime);
                Runnable whileRunningAway = setup.prepare(h);
                for (int pid = 1; pid <= 3; pid++) {
                    h.send(pid, "x");
                }
                h.log.awaitLine(RUNNING_AWAY);
                whileRunningAway.run();
                h.awaitHandled(3);
                HandlerReport report = h.finish();
                long ranAway = h.log.loggedAt(RUNNING_AWAY::equals, 1);
                long failed = h.log.loggedAt(line -> line.startsWith("ERROR " + Runaways.file(language)), 1);
                Outcome o = new Outcome(language, stop, report, h.output.records(), stops.count(), h.log.lines(),
                        Duration.ofNanos(failed - ranAway));
                System.out.println("runaway " + language + " (" + onError + "): " + report.firstError() + " after "
                        + o.took.toMillis() + " ms");
                return o;
            } finally {
                h.close();
            }
        }

        /** The one failure: at {@code location} (":5", ":\\d+", or "" where no line is known), then {@code regex}. */
        void assertError(String location, String regex) {
            assertEquals(1, report.failed(), this::toString);
            assertMatches(Runaways.file(language).replace(".", "\\.") + location + ": " + regex, report.firstError());
        }

        void assertEndedWithinTwiceTheBudget(String what) {
            Duration limit = DEFAULT_BUDGET.multipliedBy(2).plus(SCHEDULING_ALLOWANCE);
            assertTrue(took.compareTo(limit) < 0, () -> what + " took " + took.toMillis() + " ms, over " + limit);
        }

        /** Continue: one error, and event 3 handled by the same context. Stop: the run stopped at event 2. */
        void assertSameContextGoesOnOrStops() {
            assertEquals(1, report.errors(), this::toString);
            assertEquals(0, report.rebuilds(), this::toString);
            if (stop) {
                assertStopped();
            } else {
                assertEquals(null, report.stopCause(), this::toString);
                assertEquals(List.of(List.of(1L, 1L), List.of(3L, 3L)), pidsAndCounts(), "n went on counting: "
                        + this);
                assertEquals(2, report.handled(), "events 1 and 3; event 2 failed: " + this);
            }
        }

        /** Continue: the context was rebuilt (n starts again), and the log said so. Stop: the run stopped. */
        void assertRebuiltOrStops() {
            assertEquals(1, report.errors(), this::toString);
            if (stop) {
                assertEquals(0, report.rebuilds(), this::toString);
                assertStopped();
                return;
            }
            assertEquals(1, report.rebuilds(), this::toString);
            assertEquals(null, report.stopCause(), this::toString);
            assertEquals(List.of(List.of(1L, 1L), List.of(3L, 1L)), pidsAndCounts(), "a fresh module: " + this);
            assertTrue(log.contains("WARN rebuilt the handler's context from " + Runaways.file(language)
                    + " (module state lost) after: " + report.firstError()), this::toString);
        }

        private void assertStopped() {
            assertEquals(report.firstError(), report.stopCause(), this::toString);
            assertEquals(1, stops, this::toString);
            assertEquals(List.of(List.of(1L, 1L)), pidsAndCounts(), this::toString);
            assertEquals(1, report.handled(), "event 1; event 2 failed: " + this);
            assertEquals(1, report.unhandled(), this::toString);
        }

        private List<List<Long>> pidsAndCounts() {
            return records.stream().map(r -> List.of(((Number) r.get("pid")).longValue(),
                    ((Number) r.get("n")).longValue())).toList();
        }
    }

    private static void join(CompletableFuture<?> task) {
        try {
            task.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
