package dev.polytrace.script.api;

import dev.polytrace.script.metrics.MetricsException;
import dev.polytrace.script.metrics.MetricsRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * {@code ctx.metrics}: Prometheus metrics in the tracer's registry. Registering is idempotent,
 * so {@code ctx.metrics.counter('execs_total', 'Processes started', ['comm'])} may sit in
 * {@code onEvent}; label names are a list of strings, buckets a list of increasing numbers.
 */
public final class ContextMetrics {
    private final Supplier<MetricsRegistry> registry;

    ContextMetrics(Supplier<MetricsRegistry> registry) {
        this.registry = registry;
    }

    @HostAccess.Export
    public CounterHandle counter(String name) {
        return counter(name, null, null);
    }

    @HostAccess.Export
    public CounterHandle counter(String name, String help) {
        return counter(name, help, null);
    }

    @HostAccess.Export
    public CounterHandle counter(String name, String help, Value labelNames) {
        List<String> labels = labelNames("counter", labelNames);
        return register(r -> new CounterHandle(r.counter(name, help, labels)));
    }

    @HostAccess.Export
    public GaugeHandle gauge(String name) {
        return gauge(name, null, null);
    }

    @HostAccess.Export
    public GaugeHandle gauge(String name, String help) {
        return gauge(name, help, null);
    }

    @HostAccess.Export
    public GaugeHandle gauge(String name, String help, Value labelNames) {
        List<String> labels = labelNames("gauge", labelNames);
        return register(r -> new GaugeHandle(r.gauge(name, help, labels)));
    }

    @HostAccess.Export
    public HistogramHandle histogram(String name) {
        return histogram(name, null, null, null);
    }

    @HostAccess.Export
    public HistogramHandle histogram(String name, String help) {
        return histogram(name, help, null, null);
    }

    @HostAccess.Export
    public HistogramHandle histogram(String name, String help, Value labelNames) {
        return histogram(name, help, labelNames, null);
    }

    /** @param buckets upper bounds, increasing; omitted: the Prometheus defaults (0.005 .. 10) */
    @HostAccess.Export
    public HistogramHandle histogram(String name, String help, Value labelNames, Value buckets) {
        List<String> labels = labelNames("histogram", labelNames);
        List<Double> bounds = buckets(buckets);
        return register(r -> new HistogramHandle(r.histogram(name, help, labels, bounds)));
    }

    private <H> H register(Function<MetricsRegistry, H> create) {
        try {
            return create.apply(registry.get());
        } catch (MetricsException e) {
            throw new HandlerApiException("ctx.metrics: " + e.getMessage(), e);
        }
    }

    private static List<String> labelNames(String kind, Value names) {
        Object v = names == null ? null : GuestValues.toJava(names, "ctx.metrics." + kind + " labels");
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new HandlerApiException("ctx.metrics." + kind + ": label names must be a list of strings, e.g. ['comm'],"
                + " got " + v);
    }

    private static List<Double> buckets(Value buckets) {
        Object v = buckets == null ? null : GuestValues.toJava(buckets, "ctx.metrics.histogram buckets");
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> list && list.stream().allMatch(Number.class::isInstance)) {
            List<Double> bounds = new ArrayList<>(list.size());
            for (Object b : list) {
                bounds.add(((Number) b).doubleValue());
            }
            return bounds;
        }
        throw new HandlerApiException("ctx.metrics.histogram: buckets must be a list of increasing numbers, e.g."
                + " [0.001, 0.01, 0.1, 1], got " + v);
    }
}
