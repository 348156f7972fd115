package dev.polytrace.host.rules;

/** Where alerts go: a run's output, the daemon's event buffer, a webhook. Called from the reader thread. */
@FunctionalInterface
public interface AlertSink {
    AlertSink DISCARD = alert -> {
    };

    void onAlert(Alert alert);

    /** Both, this one first. */
    default AlertSink and(AlertSink other) {
        return alert -> {
            onAlert(alert);
            other.onAlert(alert);
        };
    }
}
