package dev.polytrace.script.metrics;

/**
 * A metric used wrongly: an invalid name, a name registered again with another type or label
 * set, label values that do not match the label names, a negative counter increment, or more
 * label combinations than the registry allows. The message names the metric.
 */
public class MetricsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MetricsException(String message) {
        super(message);
    }
}
