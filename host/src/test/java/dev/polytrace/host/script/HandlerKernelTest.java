package dev.polytrace.host.script;

import static dev.polytrace.host.script.ContainmentTest.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.session.TracerSession;
import dev.polytrace.script.metrics.Counter;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.symbols.Symbolizer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * End to end on the real kernel: an exec tracer built from source, its events decoded and handed
 * to a JS or Python handler, which emits records for the /bin/true processes the test starts. The
 * class fails if a program, map, link or BPF fd is left behind ({@link KernelTest}).
 */
@KernelTest
class HandlerKernelTest {
    private final RecordingSink output = new RecordingSink();
    private final RecordingLog log = new RecordingLog();
    private final MetricsRegistry metrics = new MetricsRegistry();

    @AfterEach
    void noHandlerThreadLeft() {
        Bystanders.assertNoHandlerThreadsLeft();
    }

    @Test
    void jsHandlerEmitsTheExecsOfOurChildren() {
        emitsTheExecsOfOurChildren("exec.js");
    }

    @Test
    void pythonHandlerEmitsTheExecsOfOurChildren() {
        emitsTheExecsOfOurChildren("exec.py");
    }

    private void emitsTheExecsOfOurChildren(String handler) {
        List<Long> pids;
        HandlerReport report;
        try (Run run = new Run(ExecTracer.withHandler(handler), HandlerHarness.patientOptions())) {
            pids = ExecTracer.runTrue(3);
            awaitRecordsOf(pids);
            report = run.stop();
        }
        for (long pid : pids) {
            Map<String, Object> record = recordOf(pid);
            assertEquals("true", record.get("comm"), record::toString);
            assertEquals("/bin/true", record.get("filename"), record::toString);
            assertEquals(ProcessHandle.current().pid(), record.get("ppid"), record::toString);
        }
        assertEquals(0, report.errors(), report::toString);
        assertTrue(report.handled() >= 3, report::toString);
        Counter execs = (Counter) metrics.metric("execs_total").orElseThrow(); // labelled by comm
        assertEquals(3.0, execs.value(List.of("true")), 0.0);
        assertTrue(log.lines().contains("INFO tracing children of " + ProcessHandle.current().pid()), log::text);
        assertTrue(output.streams.stream().allMatch(handler::equals), "only emitted records are output");
    }

    @Test
    void jsHandlerAggregatesAndPrintsAHistogramAtExit() {
        aggregatesAndPrintsAHistogramAtExit("exec_hist.js");
    }

    @Test
    void pythonHandlerAggregatesAndPrintsAHistogramAtExit() {
        aggregatesAndPrintsAHistogramAtExit("exec_hist.py");
    }

    private void aggregatesAndPrintsAHistogramAtExit(String handler) {
        HandlerReport report;
        try (Run run = new Run(ExecTracer.withHandler(handler), HandlerHarness.patientOptions())) {
            ExecTracer.runTrue(4);
            // jspawnhelper's execs come too: wait for the four of /bin/true (9 characters) themselves
            HandlerHarness.await("4 execs of /bin/true (" + metrics.exposition() + ")", Duration.ofSeconds(30),
                    () -> metrics.exposition().contains("filename_length_bucket{le=\"16\"} 4"));
            report = run.stop();
        }
        long execs = report.handled(); // 4 of /bin/true, and those of jspawnhelper (see recordOf)
        assertEquals(Map.of("execs", execs), report.exitState(), report::toString);
        String printed = log.text();
        // "/bin/true" is 9 characters: log2 bucket 8 -> 15.
        assertMatches("(?s).*chars\\s+: count\\s+distribution.*8 -> 15\\s+: 4\\s+\\|\\*+\\|.*", printed);
        String exposition = metrics.exposition();
        assertTrue(exposition.contains("filename_length_count " + execs), exposition);
        assertTrue(exposition.contains("filename_length_bucket{le=\"16\"} 4"), exposition);
    }

    @Test
    void aRunawayHandlerWithStopOnErrorStopsTheRunAndDetachesEverything() {
        String js = "export function onEvent(event, ctx) {\n  ctx.log.info('looping'); while (true) {}\n}";
        TracerPackage pkg = ExecTracer.pkg().withHandler(new PackageHandler("js", "runaway.js", js));
        Duration budget = Duration.ofMillis(200);
        HandlerOptions options = HandlerOptions.DEFAULTS.withCallTimeout(budget).withStopOnError(true);
        ManualClock clock = new ManualClock(); // moved past the budget only once the first event loops
        HandlerReport report;
        try (Run run = new Run(pkg, options, clock)) {
            ContainmentTest.Stops stops = new ContainmentTest.Stops(run.runtime);
            ExecTracer.runTrue(3);
            log.awaitLine("INFO looping");
            clock.runOut(budget);
            HandlerHarness.await("the handler to ask for the run to stop", Duration.ofSeconds(30),
                    () -> stops.count() == 1);
            report = run.stop();
            assertTrue(run.session.isClosed());
        }
        assertEquals("runaway.js:2: onEvent ran longer than 200 ms and was interrupted", report.stopCause());
        assertEquals(1, report.errors());
    }

    @Test
    void aHandlerThatThrowsOnEveryEventKeepsTheTracerRunning() {
        String py = "def on_event(event, ctx):\n    raise RuntimeError('no ' + event.comm)\n";
        TracerPackage pkg = ExecTracer.pkg().withHandler(new PackageHandler("python", "raise.py", py));
        HandlerReport report;
        try (Run run = new Run(pkg, HandlerHarness.patientOptions())) {
            ExecTracer.runTrue(3);
            HandlerHarness.await("3 failed events", Duration.ofSeconds(30), () -> run.runtime.report().failed() >= 3);
            ExecTracer.runTrue(1);
            HandlerHarness.await("a 4th event", Duration.ofSeconds(30), () -> run.runtime.report().failed() >= 4);
            report = run.stop();
        }
        assertMatches("raise\\.py:2: RuntimeError: no (true|jspawnhelper)", report.firstError());
        assertEquals(report.errors(), report.failed());
        assertEquals(null, report.stopCause());
    }

    private void awaitRecordsOf(List<Long> pids) {
        HandlerHarness.await("records of " + pids + " (have " + output.records() + ")", Duration.ofSeconds(30),
                () -> execsOfTrue().containsAll(pids));
    }

    private Set<Object> execsOfTrue() {
        return output.records().stream().filter(r -> "true".equals(r.get("comm"))).map(r -> r.get("pid"))
                .collect(Collectors.toSet());
    }

    /**
     * The record of {@code pid}'s exec of /bin/true. The JDK starts a child through jspawnhelper,
     * which then execs the command: the same pid execs twice, and both are children of this JVM.
     */
    private Map<String, Object> recordOf(long pid) {
        return output.records().stream()
                .filter(r -> Long.valueOf(pid).equals(r.get("pid")) && "true".equals(r.get("comm"))).findFirst()
                .orElseThrow(() -> new AssertionError("no exec of /bin/true by " + pid + " in " + output.records()));
    }

    /** The run as {@code polytrace run} does it: handler loaded, session started, init with the object. */
    private final class Run implements AutoCloseable {
        final HandlerRuntime runtime;
        final TracerSession session;

        Run(TracerPackage pkg, HandlerOptions options) {
            this(pkg, options, WatchdogClock.SYSTEM);
        }

        Run(TracerPackage pkg, HandlerOptions options, WatchdogClock clock) {
            HandlerServices services = new HandlerServices(Map.of("target_ppid", 0L), metrics, Symbolizer.system(), log);
            runtime = HandlerRuntime.load(pkg.handler().orElseThrow(), options, services, output, clock);
            try {
                session = TracerSession.start(pkg, ExecTracer.onlyOurChildren(), runtime.sink());
            } catch (RuntimeException e) {
                runtime.close();
                throw e;
            }
            try {
                runtime.start(session.object());
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        }

        HandlerReport stop() {
            session.close();
            return runtime.report();
        }

        @Override
        public void close() {
            session.close();
        }
    }
}
