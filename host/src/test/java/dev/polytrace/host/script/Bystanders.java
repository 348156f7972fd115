package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Two well-behaved handlers (JS and Python) fed all along by their own thread, as other tracers in
 * the same JVM would be: after each hostile handler they must still be handling events, error-free.
 */
final class Bystanders implements AutoCloseable {
    static final String THREAD_PREFIX = "polytrace-handler-";

    private static final String JS = """
            let n = 0;
            export function onEvent(event, ctx) { n += event.pid; }
            export function onExit(ctx) { return n; }
            """;
    private static final String PY = """
            n = 0
            def on_event(event, ctx):
                global n
                n += event.pid
            def on_exit(ctx):
                return n
            """;

    private final List<HandlerHarness> handlers;
    private final Thread feeder;
    private volatile boolean feeding = true;

    Bystanders() {
        // Patient: they share two CPUs with Python start-ups and runaway handlers.
        HandlerOptions options = HandlerHarness.patientOptions();
        handlers = List.of(HandlerHarness.start("bystander.js", JS, options),
                HandlerHarness.start("bystander.py", PY, options));
        feeder = new Thread(this::feed, "test-bystander-feeder");
        feeder.setDaemon(true);
        feeder.start();
    }

    private void feed() {
        int pid = 1;
        while (feeding) {
            for (HandlerHarness h : handlers) {
                h.send(pid, "bystander");
            }
            pid++;
            HandlerLifecycleTest.sleep(5);
        }
    }

    /** Both still take events and none of them failed. */
    void assertUnaffected() {
        for (HandlerHarness h : handlers) {
            long before = h.runtime.report().handled();
            HandlerHarness.await(h.runtime.handler().fileName() + " handling events", Duration.ofSeconds(30),
                    () -> h.runtime.report().handled() >= before + 10);
            HandlerReport report = h.runtime.report();
            assertEquals(0, report.errors(), () -> "bystander failed: " + report);
            assertEquals(0, report.dropped(), () -> "bystander dropped events: " + report);
        }
    }

    /** Names of the handler threads other than the bystanders'. */
    static Set<String> handlerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(THREAD_PREFIX) && !n.contains("bystander"))
                .collect(Collectors.toSet());
    }

    static void assertNoHandlerThreadsLeft() {
        HandlerHarness.await("handler threads to end: " + handlerThreads(), Duration.ofSeconds(10),
                () -> handlerThreads().isEmpty());
    }

    @Override
    public void close() {
        feeding = false;
        try {
            feeder.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (HandlerHarness h : handlers) {
            HandlerReport report = h.finish();
            assertEquals(0, report.errors(), report::toString);
            assertTrue(report.exitState() instanceof Long sum && sum > 0, report::toString);
        }
    }
}
