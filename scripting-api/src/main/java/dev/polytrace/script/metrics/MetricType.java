package dev.polytrace.script.metrics;

import java.util.Locale;

/** The Prometheus metric types polytrace handlers can create. */
public enum MetricType {
    COUNTER, GAUGE, HISTOGRAM;

    /** The name used in {@code # TYPE} lines. */
    public String exposedName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
