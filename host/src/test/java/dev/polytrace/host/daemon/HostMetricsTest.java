package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polytrace.host.pkg.TestPackages;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.script.metrics.Gauge;
import dev.polytrace.script.metrics.SeriesLimit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} past the series limits, without a kernel: tracers that failed to restore still
 * have their metrics registries, which the test fills as a handler would.
 */
class HostMetricsTest {
    private static final long PER_TRACER = SeriesLimit.DEFAULT_PER_TRACER;

    @Test
    void seriesPastATracersOrTheDaemonsLimitAreDroppedAndCountedPerLimit() {
        SeriesLimit daemon = new SeriesLimit(PER_TRACER + 5, null);
        DeployedTracer a = DeployedTracer.failed(deployment("a"), 16, daemon, "test");
        DeployedTracer b = DeployedTracer.failed(deployment("b"), 16, daemon, "test");
        fill(a, PER_TRACER + 3);
        fill(b, 10);
        PrometheusText text = PrometheusText.parse(HostMetrics.exposition(List.of(a, b)));
        assertEquals((double) PER_TRACER, value(text, "polytrace_metric_series", a, Map.of()));
        assertEquals(3.0, value(text, "polytrace_metric_series_dropped_total", a, Map.of("limit", "tracer")));
        assertEquals(0.0, value(text, "polytrace_metric_series_dropped_total", a, Map.of("limit", "daemon")));
        assertEquals(5.0, value(text, "polytrace_metric_series", b, Map.of()), "what the daemon had left");
        assertEquals(5.0, value(text, "polytrace_metric_series_dropped_total", b, Map.of("limit", "daemon")));
        assertEquals(4.0, text.value("g0", Map.of("id", b.id(), "k", "4")).orElseThrow());
        assertEquals(Optional.empty(), text.value("g0", Map.of("id", b.id(), "k", "5")), "a dropped series is not shown");
        a.delete();
        fill(b, 10);
        assertEquals(10L, b.metrics().seriesLimit().used(), "a deleted tracer gives its series back");
    }

    /** {@code series} label sets, over gauges g0, g1, ... of 5000 each (a metric may have 10000). */
    private static void fill(DeployedTracer t, long series) {
        for (long k = 0; k < series; k++) {
            Gauge g = t.metrics().gauge("g" + k / 5000, "", List.of("k"));
            g.set(List.of(Long.toString(k)), k);
        }
    }

    private static double value(PrometheusText text, String name, DeployedTracer t, Map<String, String> more) {
        Map<String, String> labels = new java.util.HashMap<>(more);
        labels.put("id", t.id());
        return text.value(name, labels).orElseThrow(() -> new AssertionError(name + " " + labels + " missing"));
    }

    private static Deployment deployment(String name) {
        TracerPackage pkg = TestPackages.execsnoop();
        return Deployment.deployed("t-" + name, 1, name, new byte[0], pkg, "", Map.of(), Optional.empty(),
                java.util.List.of());
    }
}
