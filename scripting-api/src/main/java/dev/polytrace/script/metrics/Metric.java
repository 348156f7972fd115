package dev.polytrace.script.metrics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One metric family of a {@link MetricsRegistry}: its name, help, label names and one series
 * per combination of label values. Thread-safe. The number of series is capped so that a
 * handler labelling by an unbounded value (a pid, an address) fails clearly instead of
 * exhausting memory; past its tracer's (or the daemon's) {@link SeriesLimit}, a new series is not
 * kept and what is recorded into it is dropped.
 */
public abstract sealed class Metric permits Counter, Gauge, Histogram {
    private static final Comparator<List<String>> BY_LABEL_VALUES = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private final MetricType type;
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final MetricsRegistry.ConstantLabels constant;
    private final int maxSeries;
    private final SeriesLimit limit;
    private final Map<List<String>, Object> series = new ConcurrentHashMap<>();

    /**
     * What the registry gives every metric it creates, whatever its kind: the full name, the help
     * text, the metric's own label names and the registry's constant labels and series limits.
     */
    record Family(String name, String help, List<String> labelNames, MetricsRegistry.ConstantLabels constant,
            int maxSeries, SeriesLimit limit) {
    }

    Metric(MetricType type, Family family) {
        this.type = type;
        this.name = family.name();
        this.help = family.help();
        this.labelNames = List.copyOf(family.labelNames());
        this.constant = family.constant();
        this.maxSeries = family.maxSeries();
        this.limit = family.limit();
    }

    /** The exposed name, with the registry's prefix. */
    public String name() {
        return name;
    }

    public String help() {
        return help;
    }

    public final MetricType type() {
        return type;
    }

    /** The metric's own label names, in order (the registry's constant labels are not included). */
    public List<String> labelNames() {
        return labelNames;
    }

    /** How many label combinations have been used. */
    public int seriesCount() {
        return series.size();
    }

    /**
     * The series for these label values, created on first use; past the series limit, a series
     * that is kept nowhere (the update goes to it and is lost; the limit counts it).
     */
    final <S> S series(List<String> labelValues, Supplier<S> create) {
        List<String> key = checkedLabelValues(labelValues);
        @SuppressWarnings("unchecked")
        S existing = (S) series.get(key);
        if (existing != null) {
            return existing;
        }
        synchronized (series) {
            @SuppressWarnings("unchecked")
            S raced = (S) series.get(key);
            if (raced != null) {
                return raced;
            }
            if (series.size() >= maxSeries) {
                throw new MetricsException("metric " + name + " has reached its limit of " + maxSeries
                        + " label combinations; label values must come from a small set (not pids, addresses"
                        + " or file names)");
            }
            S created = create.get();
            if (limit.tryTake()) {
                series.put(key, created);
            }
            return created;
        }
    }

    /** The series for these label values, or null when they were never used. */
    @SuppressWarnings("unchecked")
    final <S> S existingSeries(List<String> labelValues) {
        return (S) series.get(checkedLabelValues(labelValues));
    }

    private List<String> checkedLabelValues(List<String> labelValues) {
        if (labelValues.size() != labelNames.size()) {
            throw new MetricsException("metric " + name + " takes " + labelNames.size() + " label value"
                    + (labelNames.size() == 1 ? "" : "s") + describeLabels() + ", got " + labelValues.size());
        }
        for (int i = 0; i < labelValues.size(); i++) {
            if (labelValues.get(i) == null) {
                throw new MetricsException("metric " + name + ": label '" + labelNames.get(i) + "' has no value");
            }
        }
        return List.copyOf(labelValues);
    }

    private String describeLabels() {
        return labelNames.isEmpty() ? "" : " (" + String.join(", ", labelNames) + ")";
    }

    void write(Appendable out, boolean withHeader) throws IOException {
        if (withHeader) {
            Exposition.header(out, name, help, type());
        }
        List<String> allNames = new ArrayList<>(constant.names());
        allNames.addAll(labelNames);
        List<List<String>> keys = new ArrayList<>(series.keySet());
        keys.sort(BY_LABEL_VALUES);
        for (List<String> key : keys) {
            List<String> allValues = new ArrayList<>(constant.values());
            allValues.addAll(key);
            writeSeries(out, allNames, allValues, series.get(key));
        }
    }

    /** Writes the sample lines of one series. */
    abstract void writeSeries(Appendable out, List<String> labelNames, List<String> labelValues, Object series)
            throws IOException;
}
