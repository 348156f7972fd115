package dev.polytrace.script.api;

import dev.polytrace.script.metrics.Histogram;
import dev.polytrace.script.metrics.MetricsException;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * A Prometheus histogram as handlers use it: {@code h.observe(latency)}, {@code h.observe(0.3, {op: 'read'})}.
 *
 * <p>Methods take zero, one or two arguments rather than varargs, because a lone array argument
 * to a varargs host method is spread into the arguments ({@code inc(['bash'])} would lose its list).
 */
public final class HistogramHandle {
    /** The metric's exposed name. */
    @HostAccess.Export
    public final String name;

    private final Histogram histogram;

    HistogramHandle(Histogram histogram) {
        this.histogram = histogram;
        this.name = histogram.name();
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
        String where = "histogram " + name + ".observe";
        MetricArguments a = MetricArguments.parse(where, histogram.labelNames(), args);
        try {
            histogram.observe(a.labelValues(), a.requiredAmount(where));
        } catch (MetricsException e) {
            throw new HandlerApiException(e.getMessage(), e);
        }
    }
}
