package dev.polytrace.script.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The Prometheus data model's rules for metric and label names. */
final class MetricNames {
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private MetricNames() {
    }

    static void requireMetricName(String name) {
        if (name == null || !METRIC.matcher(name).matches()) {
            throw new MetricsException("invalid metric name '" + name + "': names match [a-zA-Z_:][a-zA-Z0-9_:]*, "
                    + "e.g. polytrace_execs_total");
        }
    }

    /** Label names of one metric: valid, not reserved ({@code __} prefix), no duplicates, none in {@code taken}. */
    static void requireLabelNames(String metric, List<String> names, Set<String> taken) {
        Set<String> seen = new HashSet<>();
        for (String label : names) {
            if (label == null || !LABEL.matcher(label).matches()) {
                throw new MetricsException("metric " + metric + ": invalid label name '" + label
                        + "': names match [a-zA-Z_][a-zA-Z0-9_]*");
            }
            if (label.startsWith("__")) {
                throw new MetricsException("metric " + metric + ": label name '" + label
                        + "' is reserved (names starting with __ are Prometheus's own)");
            }
            if (taken.contains(label)) {
                throw new MetricsException("metric " + metric + ": label name '" + label
                        + "' is already used by the registry (" + String.join(", ", taken) + ")");
            }
            if (!seen.add(label)) {
                throw new MetricsException("metric " + metric + ": label name '" + label + "' is given twice");
            }
        }
    }
}
