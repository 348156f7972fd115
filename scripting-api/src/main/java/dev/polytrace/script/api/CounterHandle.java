package dev.polytrace.script.api;

import dev.polytrace.script.metrics.Counter;
import dev.polytrace.script.metrics.MetricsException;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * A counter as handlers use it: {@code c.inc()}, {@code c.inc(5)}, {@code c.inc({comm: ev.comm})}.
 *
 * <p>Methods take zero, one or two arguments rather than varargs, because a lone array argument
 * to a varargs host method is spread into the arguments ({@code inc(['bash'])} would lose its list).
 */
public final class CounterHandle {
    /** The metric's exposed name. */
    @HostAccess.Export
    public final String name;

    private final Counter counter;

    CounterHandle(Counter counter) {
        this.counter = counter;
        this.name = counter.name();
    }

    /** Adds the amount (default 1, never negative) to the series of the label values given. */
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
        String where = "counter " + name + ".inc";
        MetricArguments a = MetricArguments.parse(where, counter.labelNames(), args);
        try {
            counter.inc(a.labelValues(), a.amountOr(1));
        } catch (MetricsException e) {
            throw new HandlerApiException(e.getMessage(), e);
        }
    }
}
