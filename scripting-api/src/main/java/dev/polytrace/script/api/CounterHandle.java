package dev.polytrace.script.api;

import dev.polytrace.script.metrics.Counter;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * A counter as handlers use it: {@code c.inc()}, {@code c.inc(5)}, {@code c.inc({comm: ev.comm})}.
 */
public final class CounterHandle extends MetricHandle {
    private final Counter counter;

    CounterHandle(Counter counter) {
        super("counter", counter);
        this.counter = counter;
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
        update("inc", args, (a, where) -> counter.inc(a.labelValues(), a.amountOr(1)));
    }
}
