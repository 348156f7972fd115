package dev.polytrace.script.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.script.metrics.Counter;
import dev.polytrace.script.metrics.Gauge;
import dev.polytrace.script.metrics.Histogram;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(GuestSandbox.class)
class ContextMetricsTest {
    private static final Map<String, GuestSession> SESSIONS = new HashMap<>();

    private FakeEnvironment env;

    private GuestSession session(String language) {
        env = new FakeEnvironment();
        return SESSIONS.computeIfAbsent(language, GuestSession::new).bind("ctx", new HandlerContext(env));
    }

    @AfterAll
    static void closeSessions() {
        SESSIONS.values().forEach(GuestSession::close);
        SESSIONS.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void countersTakeLabelsByNameInOrderOrAlone(String language) {
        GuestSession g = session(language);
        g.eval("c = ctx.metrics.counter('execs_total', 'Processes started', ['comm'])".replace("c =",
                g.isPython() ? "c =" : "var c ="));
        g.eval("c.inc({'comm': 'bash'})");
        g.eval("c.inc(['bash'], 2)");
        g.eval("c.inc(3, 'sh')");
        g.eval("ctx.metrics.counter('execs_total', 'again', ['comm']).inc('sh')");
        Counter c = (Counter) env.metrics.metric("execs_total").orElseThrow();
        assertEquals(3.0, c.value(List.of("bash")));
        assertEquals(4.0, c.value(List.of("sh")));
        assertEquals("execs_total", g.java("c.name"));
        g.fails("c.inc(-1, 'sh')", "counter execs_total can only go up");
        g.fails("c.inc()", "label values are needed for comm");
        g.fails("c.inc({'user': 'x'})", "unknown label 'user'; labels: comm");
        g.fails("c.inc(['a', 'b'])", "2 label values given for 1 labels (comm)");
        g.fails("c.inc(1, 2)", "two numbers given");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void gaugesAndHistograms(String language) {
        GuestSession g = session(language);
        g.eval("ctx.metrics.gauge('queue_depth').set(5)");
        g.eval("ctx.metrics.gauge('queue_depth').dec()");
        g.eval("ctx.metrics.gauge('queue_depth').add(-2)");
        g.eval("ctx.metrics.gauge('queue_depth', 'depth').inc(0.5)");
        assertEquals(2.5, ((Gauge) env.metrics.metric("queue_depth").orElseThrow()).value(List.of()));
        g.eval("ctx.metrics.histogram('latency_seconds', 'Latency', ['op'], [0.1, 1]).observe(0.05, {'op': 'read'})");
        g.eval("ctx.metrics.histogram('latency_seconds', 'Latency', ['op']).observe({'op': 'read'}, 5)");
        Histogram h = (Histogram) env.metrics.metric("latency_seconds").orElseThrow();
        assertEquals(2, h.count(List.of("read")));
        assertEquals(List.of(0.1, 1.0), h.buckets());
        String text = env.metrics.exposition();
        assertTrue(text.contains("latency_seconds_bucket{tracer=\"test\",op=\"read\",le=\"0.1\"} 1\n"), text);
        assertTrue(text.contains("queue_depth{tracer=\"test\"} 2.5\n"), text);
        g.fails("ctx.metrics.gauge('queue_depth').set()", "gauge queue_depth.set: a number is needed");
        g.fails("ctx.metrics.histogram('h2', 'x', [], [1, 0.5])", "bucket bounds must increase");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void misuseIsReportedClearly(String language) {
        GuestSession g = session(language);
        g.eval("ctx.metrics.counter('events_total')");
        g.fails("ctx.metrics.gauge('events_total')", "ctx.metrics: metric events_total is already registered as a"
                + " counter, not a gauge");
        g.fails("ctx.metrics.counter('events_total', 'x', ['cpu'])", "already registered with labels [], not [cpu]");
        g.fails("ctx.metrics.counter('bad name')", "invalid metric name 'bad name'");
        g.fails("ctx.metrics.counter('ok', 'x', [1])", "label names must be a list of strings");
        g.eval("ctx.metrics.counter('per_pid', 'x', ['pid'])");
        for (int pid = 0; pid < 5; pid++) {
            g.eval("ctx.metrics.counter('per_pid', 'x', ['pid']).inc({'pid': " + pid + "})");
        }
        g.fails("ctx.metrics.counter('per_pid', 'x', ['pid']).inc({'pid': 99})",
                "metric per_pid has reached its limit of 5 label combinations");
    }
}
