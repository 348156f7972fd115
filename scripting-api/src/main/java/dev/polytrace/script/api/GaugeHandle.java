package dev.polytrace.script.api;

import dev.polytrace.script.metrics.Gauge;
import dev.polytrace.script.metrics.MetricsException;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * A gauge as handlers use it: {@code g.set(42)}, {@code g.inc({cpu: 0})}, {@code g.add(-3, ['x'])}.
 *
 * <p>Methods take zero, one or two arguments rather than varargs, because a lone array argument
 * to a varargs host method is spread into the arguments ({@code inc(['bash'])} would lose its list).
 */
public final class GaugeHandle {
    /** The metric's exposed name. */
    @HostAccess.Export
    public final String name;

    private final Gauge gauge;

    GaugeHandle(Gauge gauge) {
        this.gauge = gauge;
        this.name = gauge.name();
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
        MetricArguments a = parse("set", args);
        apply("set", () -> gauge.set(a.labelValues(), a.requiredAmount(where("set"))));
    }

    /** Adds the number given (default 1). */
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
        MetricArguments a = parse("inc", args);
        apply("inc", () -> gauge.add(a.labelValues(), a.amountOr(1)));
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
        MetricArguments a = parse("dec", args);
        apply("dec", () -> gauge.add(a.labelValues(), -a.amountOr(1)));
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
        MetricArguments a = parse("add", args);
        apply("add", () -> gauge.add(a.labelValues(), a.requiredAmount(where("add"))));
    }

    private MetricArguments parse(String op, Value[] args) {
        return MetricArguments.parse(where(op), gauge.labelNames(), args);
    }

    private void apply(String op, Runnable update) {
        try {
            update.run();
        } catch (MetricsException e) {
            throw new HandlerApiException(e.getMessage(), e);
        }
    }

    private String where(String op) {
        return "gauge " + name + "." + op;
    }
}
