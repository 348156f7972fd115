package dev.polytrace.script.api;

import dev.polytrace.script.metrics.Gauge;
import java.util.List;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * A gauge as handlers use it: {@code g.set(42)}, {@code g.inc({cpu: 0})}, {@code g.add(-3, ['x'])}.
 */
public final class GaugeHandle extends IncrementingHandle {
    private final Gauge gauge;

    GaugeHandle(Gauge gauge) {
        super("gauge", gauge);
        this.gauge = gauge;
    }

    /** Sets the series of the label values given to the number given. */
    @HostAccess.Export
    public void set() {
        setArgs();
    }

    @HostAccess.Export
    public void set(Value arg) {
        setArgs(arg);
    }

    @HostAccess.Export
    public void set(Value first, Value second) {
        setArgs(first, second);
    }

    private void setArgs(Value... args) {
        update("set", args, (a, where) -> gauge.set(a.labelValues(), a.requiredAmount(where)));
    }

    @Override
    void addToSeries(List<String> labelValues, double amount) {
        gauge.add(labelValues, amount);
    }

    /** Subtracts the number given (default 1). */
    @HostAccess.Export
    public void dec() {
        decArgs();
    }

    @HostAccess.Export
    public void dec(Value arg) {
        decArgs(arg);
    }

    @HostAccess.Export
    public void dec(Value first, Value second) {
        decArgs(first, second);
    }

    private void decArgs(Value... args) {
        update("dec", args, (a, where) -> gauge.add(a.labelValues(), -a.amountOr(1)));
    }

    /** Adds the number given, which may be negative. */
    @HostAccess.Export
    public void add() {
        addArgs();
    }

    @HostAccess.Export
    public void add(Value arg) {
        addArgs(arg);
    }

    @HostAccess.Export
    public void add(Value first, Value second) {
        addArgs(first, second);
    }

    private void addArgs(Value... args) {
        update("add", args, (a, where) -> gauge.add(a.labelValues(), a.requiredAmount(where)));
    }
}
