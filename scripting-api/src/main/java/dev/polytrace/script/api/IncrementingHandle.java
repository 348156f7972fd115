package dev.polytrace.script.api;

import dev.polytrace.script.metrics.Metric;
import java.util.List;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/** What counters and gauges share: {@code inc()} adds the amount given, 1 by default. */
public abstract sealed class IncrementingHandle extends MetricHandle permits CounterHandle, GaugeHandle {
    IncrementingHandle(String kind, Metric metric) {
        super(kind, metric);
    }

    /** Adds the amount (default 1) to the series of the label values given. */
    @HostAccess.Export
    public void inc() {
        incArgs();
    }

    @HostAccess.Export
    public void inc(Value arg) {
        incArgs(arg);
    }

    @HostAccess.Export
    public void inc(Value first, Value second) {
        incArgs(first, second);
    }

    private void incArgs(Value... args) {
        update("inc", args, (a, where) -> addToSeries(a.labelValues(), a.amountOr(1)));
    }

    /** Adds {@code amount} to the series of those label values, as the metric's kind allows. */
    abstract void addToSeries(List<String> labelValues, double amount);
}
