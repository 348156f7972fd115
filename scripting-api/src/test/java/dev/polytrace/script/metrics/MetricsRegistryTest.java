package dev.polytrace.script.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsRegistryTest {

    private static MetricsRegistry tracerRegistry(int maxSeries) {
        Map<String, String> constant = new LinkedHashMap<>();
        constant.put("tracer", "execsnoop");
        return new MetricsRegistry("polytrace_", constant, maxSeries);
    }

    @Test
    void writesTheTextExpositionFormat() {
        MetricsRegistry registry = tracerRegistry(100);
        Counter execs = registry.counter("execs_total", "Processes started.", List.of("comm"));
        execs.inc(List.of("zsh"), 1);
        execs.inc(List.of("bash"), 2);
        execs.inc(List.of("bash"), 1);
        registry.gauge("queue_depth", "Events waiting.\nSecond line with \\ backslash.", List.of()).set(List.of(), 2.5);
        Histogram latency = registry.histogram("latency_seconds", "Exec latency.", List.of("op"), List.of(0.1, 1.0));
        latency.observe(List.of("exec"), 0.05);
        latency.observe(List.of("exec"), 0.1);
        latency.observe(List.of("exec"), 7);
        registry.counter("escapes_total", "", List.of("path")).inc(List.of("C:\\dir \"q\"\nnext"), 1);

        assertEquals("""
                # HELP polytrace_execs_total Processes started.
                # TYPE polytrace_execs_total counter
                polytrace_execs_total{tracer="execsnoop",comm="bash"} 3
                polytrace_execs_total{tracer="execsnoop",comm="zsh"} 1
                # HELP polytrace_queue_depth Events waiting.\\nSecond line with \\\\ backslash.
                # TYPE polytrace_queue_depth gauge
                polytrace_queue_depth{tracer="execsnoop"} 2.5
                # HELP polytrace_latency_seconds Exec latency.
                # TYPE polytrace_latency_seconds histogram
                polytrace_latency_seconds_bucket{tracer="execsnoop",op="exec",le="0.1"} 2
                polytrace_latency_seconds_bucket{tracer="execsnoop",op="exec",le="1"} 2
                polytrace_latency_seconds_bucket{tracer="execsnoop",op="exec",le="+Inf"} 3
                polytrace_latency_seconds_sum{tracer="execsnoop",op="exec"} 7.15
                polytrace_latency_seconds_count{tracer="execsnoop",op="exec"} 3
                # HELP polytrace_escapes_total polytrace_escapes_total
                # TYPE polytrace_escapes_total counter
                polytrace_escapes_total{tracer="execsnoop",path="C:\\\\dir \\"q\\"\\nnext"} 1
                """, registry.exposition());
    }

    @Test
    void unlabelledMetricsStartAtZeroAndNumbersPrintAsPrometheusReadsThem() {
        MetricsRegistry registry = new MetricsRegistry();
        registry.counter("starts_total", "Starts.", List.of());
        Gauge g = registry.gauge("temperature", "T.", null);
        g.set(List.of(), Double.NEGATIVE_INFINITY);
        registry.gauge("big", "B.", List.of()).set(List.of(), 1e20);
        registry.gauge("nan", "N.", List.of()).set(List.of(), Double.NaN);
        String text = registry.exposition();
        assertTrue(text.contains("\nstarts_total 0\n"), text);
        assertTrue(text.contains("\ntemperature -Inf\n"), text);
        assertTrue(text.contains("\nbig 1.0E20\n"), text);
        assertTrue(text.contains("\nnan NaN\n"), text);
        assertEquals("", new MetricsRegistry().exposition());
    }

    @Test
    void namesAndLabelsAreValidated() {
        MetricsRegistry registry = new MetricsRegistry();
        assertMessage("invalid metric name '1abc'", () -> registry.counter("1abc", "", List.of()));
        assertMessage("invalid metric name 'a-b'", () -> registry.counter("a-b", "", List.of()));
        registry.counter("ns:sub_total", "colons are allowed", List.of());
        assertMessage("invalid label name 'bad-label'", () -> registry.counter("x", "", List.of("bad-label")));
        assertMessage("label name '__name' is reserved", () -> registry.counter("x", "", List.of("__name")));
        assertMessage("label name 'a' is given twice", () -> registry.counter("x", "", List.of("a", "a")));
        assertMessage("label name 'le' is reserved", () -> registry.histogram("h", "", List.of("le"), null));
        assertMessage("label name 'tracer' is already used by the registry",
                () -> tracerRegistry(10).counter("x", "", List.of("tracer")));
        assertMessage("bucket bounds must increase", () -> registry.histogram("h", "", List.of(), List.of(1.0, 1.0)));
        assertMessage("is not a finite number", () -> registry.histogram("h", "", List.of(),
                List.of(Double.POSITIVE_INFINITY)));
        assertMessage("invalid metric name 'bad prefix'", () -> new MetricsRegistry("bad prefix", Map.of(), 10));
    }

    @Test
    void registeringAgainReturnsTheSameMetricOrFailsOnConflict() {
        MetricsRegistry registry = new MetricsRegistry();
        Counter c = registry.counter("events_total", "Events.", List.of("cpu"));
        assertSame(c, registry.counter("events_total", "other help is ignored", List.of("cpu")));
        assertMessage("metric events_total is already registered as a counter, not a gauge",
                () -> registry.gauge("events_total", "", List.of("cpu")));
        assertMessage("metric events_total is already registered with labels [cpu], not [comm]",
                () -> registry.counter("events_total", "", List.of("comm")));
        registry.histogram("lat", "", List.of(), List.of(1.0));
        assertMessage("already registered with buckets [1.0], not [2.0]",
                () -> registry.histogram("lat", "", List.of(), List.of(2.0)));
        assertMessage("would clash with the _count samples of histogram lat",
                () -> registry.counter("lat_count", "", List.of()));
        registry.counter("q_sum", "", List.of());
        assertMessage("would clash with the _sum samples of histogram q", () -> registry.histogram("q", "", null, null));
    }

    @Test
    void labelValuesMustMatchAndCountersOnlyGoUp() {
        Counter c = new MetricsRegistry().counter("c_total", "", List.of("a", "b"));
        assertMessage("metric c_total takes 2 label values (a, b), got 1", () -> c.inc(List.of("x"), 1));
        assertMessage("counter c_total can only go up", () -> c.inc(List.of("x", "y"), -1));
        assertMessage("counter c_total can only go up", () -> c.inc(List.of("x", "y"), Double.NaN));
        List<String> withNull = new ArrayList<>();
        withNull.add("x");
        withNull.add(null);
        assertMessage("label 'b' has no value", () -> c.inc(withNull, 1));
    }

    @Test
    void labelCardinalityIsCapped() {
        MetricsRegistry registry = tracerRegistry(10_000);
        Counter perPid = registry.counter("per_pid_total", "", List.of("pid"));
        for (int pid = 0; pid < 10_000; pid++) {
            perPid.inc(List.of(Integer.toString(pid)), 1);
        }
        perPid.inc(List.of("42"), 1); // existing series still work
        assertMessage("metric polytrace_per_pid_total has reached its limit of 10000 label combinations",
                () -> perPid.inc(List.of("10000"), 1));
        assertEquals(10_000, perPid.seriesCount());
        assertEquals(2.0, perPid.value(List.of("42")));
    }

    @Test
    void metricCountIsCapped() {
        MetricsRegistry registry = new MetricsRegistry();
        for (int i = 0; i < MetricsRegistry.MAX_METRICS; i++) {
            registry.counter("m" + i, "", List.of());
        }
        assertMessage("this tracer already has 1000 metrics", () -> registry.counter("one_more", "", List.of()));
    }

    @Test
    void severalRegistriesWriteOneFamilyPerName() {
        MetricsRegistry a = new MetricsRegistry("polytrace_", Map.of("tracer", "a"), 10);
        MetricsRegistry b = new MetricsRegistry("polytrace_", Map.of("tracer", "b"), 10);
        a.counter("events_total", "Events.", List.of()).inc(List.of(), 1);
        b.counter("events_total", "Events.", List.of()).inc(List.of(), 2);
        b.gauge("only_b", "B.", List.of()).set(List.of(), 1);
        a.gauge("mixed", "Gauge in a.", List.of());
        b.counter("mixed", "Counter in b.", List.of());
        assertEquals("""
                # HELP polytrace_events_total Events.
                # TYPE polytrace_events_total counter
                polytrace_events_total{tracer="a"} 1
                polytrace_events_total{tracer="b"} 2
                # HELP polytrace_mixed Gauge in a.
                # TYPE polytrace_mixed gauge
                polytrace_mixed{tracer="a"} 0
                # polytrace: left out a counter named polytrace_mixed: the name is already a gauge
                # HELP polytrace_only_b B.
                # TYPE polytrace_only_b gauge
                polytrace_only_b{tracer="b"} 1
                """, MetricsRegistry.exposition(List.of(a, b)));
    }

    @Test
    void concurrentUpdatesAreNotLost() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        registry.counter("hits_total", "", List.of("k")).inc(List.of("k" + (i % 3)), 1);
                        registry.gauge("level", "", List.of()).add(List.of(), 1);
                        registry.histogram("h", "", List.of(), List.of(1.0)).observe(List.of(), 0.5);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Counter hits = (Counter) registry.metric("hits_total").orElseThrow();
        assertEquals(40_000.0, hits.value(List.of("k0")) + hits.value(List.of("k1")) + hits.value(List.of("k2")));
        assertEquals(40_000.0, ((Gauge) registry.metric("level").orElseThrow()).value(List.of()));
        assertEquals(40_000, ((Histogram) registry.metric("h").orElseThrow()).count(List.of()));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected
                + "'");
    }

    /**
     * The probe's case scaled down: many metrics with many label sets each. Past the tracer's
     * limit nothing more is kept; the updates are dropped and counted; what exists keeps working.
     */
    @Test
    void aTracerHoldsNoMoreSeriesThanItsLimitOverAllItsMetrics() {
        MetricsRegistry registry = new MetricsRegistry("", Map.of("tracer", "t"), 10_000);
        for (int m = 0; m < 100; m++) {
            Counter c = registry.counter("m" + m + "_total", "", List.of("k"));
            for (int k = 0; k < 1_000; k++) {
                c.inc(List.of(Integer.toString(k)), 1);
            }
        }
        SeriesLimit limit = registry.seriesLimit();
        assertEquals(SeriesLimit.DEFAULT_PER_TRACER, limit.used());
        assertEquals(100_000 - SeriesLimit.DEFAULT_PER_TRACER, limit.droppedHere());
        assertEquals(0, limit.droppedAbove());
        int kept = registry.metrics().stream().mapToInt(Metric::seriesCount).sum();
        assertEquals(SeriesLimit.DEFAULT_PER_TRACER, kept, "dropped series are not written either");
        Counter first = (Counter) registry.metric("m0_total").orElseThrow();
        first.inc(List.of("7"), 1);
        assertEquals(2, first.value(List.of("7")), "an existing series goes on");
        Counter last = (Counter) registry.metric("m99_total").orElseThrow();
        last.inc(List.of("7"), 1);
        assertEquals(0, last.value(List.of("7")), "a new one is dropped");
    }

    @Test
    void tracersShareTheDaemonsLimitAndGetTheirSeriesBackWhenCleared() {
        SeriesLimit daemon = new SeriesLimit(30, null);
        MetricsRegistry a = new MetricsRegistry("", Map.of("tracer", "a"), 100, new SeriesLimit(20, daemon));
        MetricsRegistry b = new MetricsRegistry("", Map.of("tracer", "b"), 100, new SeriesLimit(20, daemon));
        Gauge ga = a.gauge("g", "", List.of("k"));
        Gauge gb = b.gauge("g", "", List.of("k"));
        for (int k = 0; k < 25; k++) {
            ga.set(List.of(Integer.toString(k)), k);
        }
        for (int k = 0; k < 25; k++) {
            gb.set(List.of(Integer.toString(k)), k);
        }
        assertEquals(20, a.seriesLimit().used());
        assertEquals(5, a.seriesLimit().droppedHere(), "over a's own limit");
        assertEquals(10, b.seriesLimit().used(), "what the daemon had left");
        assertEquals(15, b.seriesLimit().droppedAbove(), "over the daemon's limit");
        assertEquals(30, daemon.used());
        a.clear();
        assertEquals(10, daemon.used(), "a's series went back to the daemon");
        gb.set(List.of("24"), 24);
        assertEquals(24, gb.value(List.of("24")));
        assertEquals(11, b.seriesLimit().used());
    }
}
