package dev.polytrace.script.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metrics of one tracer, written in the Prometheus text exposition format (0.0.4). Owned by
 * the host, one per tracer, shared by every handler context of the tracer (so metrics survive a
 * hot swap); the tracer is told apart by a name prefix or a constant label such as
 * {@code tracer="execsnoop"}, which the registry adds to every series. Thread-safe.
 *
 * <p>Registering is idempotent: asking again for a metric with the same name, type and label
 * names (and buckets) returns the existing one, so a handler may register in {@code onEvent}.
 * The same name with another type, label set or buckets is an error, as are invalid names,
 * more than {@value #MAX_METRICS} metrics, and more label combinations per metric than the
 * registry's cap (default {@value #DEFAULT_MAX_SERIES}). Over all its metrics the registry holds
 * at most as many series as its {@link SeriesLimit} allows (a tracer's, within the daemon's):
 * past that, new series are dropped and counted there, not refused.
 */
public final class MetricsRegistry {
    public static final int DEFAULT_MAX_SERIES = 10_000;
    /** Metric names per registry: a handler building names from data must fail, not fill memory. */
    public static final int MAX_METRICS = 1_000;

    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_sum", "_count");

    private final String prefix;
    private final ConstantLabels constant;
    private final int maxSeries;
    private final SeriesLimit limit;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();

    /** Label names and values added to every series of the registry. */
    record ConstantLabels(List<String> names, List<String> values) {
    }

    /** A registry without prefix or constant labels, with a tracer's series limit. */
    public MetricsRegistry() {
        this("", Map.of(), DEFAULT_MAX_SERIES);
    }

    /** As {@link #MetricsRegistry(String, Map, int, SeriesLimit)} with a tracer's series limit of its own. */
    public MetricsRegistry(String prefix, Map<String, String> constantLabels, int maxSeriesPerMetric) {
        this(prefix, constantLabels, maxSeriesPerMetric, SeriesLimit.perTracer());
    }

    /**
     * @param prefix prepended to every metric name, e.g. {@code "polytrace_execsnoop_"}; may be ""
     * @param constantLabels added to every series, in iteration order, e.g. {@code tracer=execsnoop}
     * @param maxSeriesPerMetric label combinations allowed per metric
     * @param limit series allowed over all the registry's metrics (not shared with another registry,
     *              though its parent may be)
     */
    public MetricsRegistry(String prefix, Map<String, String> constantLabels, int maxSeriesPerMetric,
                           SeriesLimit limit) {
        if (!prefix.isEmpty()) {
            MetricNames.requireMetricName(prefix);
        }
        if (maxSeriesPerMetric < 1) {
            throw new IllegalArgumentException("maxSeriesPerMetric must be at least 1, got " + maxSeriesPerMetric);
        }
        List<String> names = List.copyOf(constantLabels.keySet());
        MetricNames.requireLabelNames("registry", names, Set.of());
        this.prefix = prefix;
        this.constant = new ConstantLabels(names, List.copyOf(constantLabels.values()));
        this.maxSeries = maxSeriesPerMetric;
        this.limit = limit;
    }

    public Counter counter(String name, String help, List<String> labelNames) {
        return register(name, help, labelNames, MetricType.COUNTER, null, Counter.class);
    }

    public Gauge gauge(String name, String help, List<String> labelNames) {
        return register(name, help, labelNames, MetricType.GAUGE, null, Gauge.class);
    }

    /** @param buckets upper bounds, increasing; null or empty for {@link Histogram#DEFAULT_BUCKETS} */
    public Histogram histogram(String name, String help, List<String> labelNames, List<Double> buckets) {
        return register(name, help, labelNames, MetricType.HISTOGRAM, buckets, Histogram.class);
    }

    /** The metric registered under {@code name} (without the prefix). */
    public synchronized Optional<Metric> metric(String name) {
        return Optional.ofNullable(metrics.get(prefix + name));
    }

    /** Every metric, in registration order. */
    public synchronized List<Metric> metrics() {
        return List.copyOf(metrics.values());
    }

    /** The series limit of this registry: how many it holds, and how many updates it dropped. */
    public SeriesLimit seriesLimit() {
        return limit;
    }

    /** Forgets every metric, e.g. when the tracer is deleted; their series give their room back. */
    public synchronized void clear() {
        limit.release(metrics.values().stream().mapToLong(Metric::seriesCount).sum());
        metrics.clear();
    }

    /** Writes every metric with its HELP and TYPE lines. */
    public void writeTo(Appendable out) throws IOException {
        for (Metric m : metrics()) {
            m.write(out, true);
        }
    }

    /** The exposition text of this registry. */
    public String exposition() {
        return exposition(List.of(this));
    }

    /**
     * The exposition text of several registries (e.g. every tracer of a daemon). Metrics of the
     * same name are written as one family, as the format requires, when they have the same type;
     * a metric whose type conflicts with an earlier one of that name is left out with a comment.
     */
    public static String exposition(Collection<MetricsRegistry> registries) {
        Map<String, List<Metric>> families = new LinkedHashMap<>();
        for (MetricsRegistry r : registries) {
            for (Metric m : r.metrics()) {
                families.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
            }
        }
        StringBuilder out = new StringBuilder();
        try {
            for (List<Metric> family : families.values()) {
                Metric first = family.get(0);
                first.write(out, true);
                for (Metric m : family.subList(1, family.size())) {
                    if (m.type() == first.type()) {
                        m.write(out, false);
                    } else {
                        out.append("# polytrace: left out a ").append(m.type().exposedName()).append(" named ")
                                .append(m.name()).append(": the name is already a ").append(first.type().exposedName())
                                .append('\n');
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return out.toString();
    }

    private synchronized <M extends Metric> M register(String name, String help, List<String> labelNames,
            MetricType type, List<Double> buckets, Class<M> kind) {
        String full = prefix + name;
        List<String> labels = labelNames == null ? List.of() : List.copyOf(labelNames);
        Metric existing = metrics.get(full);
        if (existing != null) {
            requireSame(existing, type, labels, buckets);
            return kind.cast(existing);
        }
        MetricNames.requireMetricName(full);
        MetricNames.requireLabelNames(full, labels, Set.copyOf(constant.names()));
        if (type == MetricType.HISTOGRAM && labels.contains("le")) {
            throw new MetricsException("histogram " + full + ": label name 'le' is reserved for bucket bounds");
        }
        requireNoSuffixClash(full, type);
        if (metrics.size() >= MAX_METRICS) {
            throw new MetricsException("cannot register " + full + ": this tracer already has " + MAX_METRICS
                    + " metrics; use labels instead of building metric names from data");
        }
        String text = help == null || help.isEmpty() ? full : help;
        Metric.Family family = new Metric.Family(full, text, labels, constant, maxSeries, limit);
        Metric created = switch (type) {
            case COUNTER -> new Counter(family);
            case GAUGE -> new Gauge(family);
            case HISTOGRAM -> new Histogram(family, Histogram.checkedBounds(full, buckets));
        };
        metrics.put(full, created);
        startUnlabelled(created);
        return kind.cast(created);
    }

    /** A metric without labels is exposed as 0 from the start, as Prometheus clients do. */
    private static void startUnlabelled(Metric m) {
        if (!m.labelNames().isEmpty()) {
            return;
        }
        switch (m) {
            case Counter c -> c.inc(List.of(), 0);
            case Gauge g -> g.add(List.of(), 0);
            case Histogram h -> { } // no observations yet: nothing to say
        }
    }

    private static void requireSame(Metric existing, MetricType type, List<String> labels, List<Double> buckets) {
        if (existing.type() != type) {
            throw new MetricsException("metric " + existing.name() + " is already registered as a "
                    + existing.type().exposedName() + ", not a " + type.exposedName());
        }
        if (!existing.labelNames().equals(labels)) {
            throw new MetricsException("metric " + existing.name() + " is already registered with labels "
                    + existing.labelNames() + ", not " + labels);
        }
        if (existing instanceof Histogram h && buckets != null && !buckets.isEmpty()
                && !Arrays.equals(Histogram.checkedBounds(h.name(), buckets),
                        h.buckets().stream().mapToDouble(Double::doubleValue).toArray())) {
            throw new MetricsException("histogram " + h.name() + " is already registered with buckets " + h.buckets()
                    + ", not " + buckets);
        }
    }

    /** A histogram's _bucket, _sum and _count lines must not collide with another metric's name. */
    private void requireNoSuffixClash(String full, MetricType type) {
        for (Metric m : metrics.values()) {
            for (String suffix : HISTOGRAM_SUFFIXES) {
                boolean clash = (type == MetricType.HISTOGRAM && m.name().equals(full + suffix))
                        || (m.type() == MetricType.HISTOGRAM && full.equals(m.name() + suffix));
                if (clash) {
                    throw new MetricsException("metric " + full + " would clash with the " + suffix
                            + " samples of histogram " + (type == MetricType.HISTOGRAM ? full : m.name()));
                }
            }
        }
    }
}
