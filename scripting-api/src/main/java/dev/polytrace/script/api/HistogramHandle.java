package dev.polytrace.script.api;

import dev.polytrace.script.metrics.Histogram;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * A Prometheus histogram as handlers use it: {@code h.observe(latency)}, {@code h.observe(0.3, {op: 'read'})}.
 */
public final class HistogramHandle extends MetricHandle {
    private final Histogram histogram;

    HistogramHandle(Histogram histogram) {
        super("histogram", histogram);
        this.histogram = histogram;
    }

    /** Counts one observation of the number given into the series of the label values given. */
    @HostAccess.Export
    public void observe() {
        observeArgs();
    }

    @HostAccess.Export
    public void observe(Value arg) {
        observeArgs(arg);
    }

    @HostAccess.Export
    public void observe(Value first, Value second) {
        observeArgs(first, second);
    }

    private void observeArgs(Value... args) {
        update("observe", args, (a, where) -> histogram.observe(a.labelValues(), a.requiredAmount(where)));
    }
}
