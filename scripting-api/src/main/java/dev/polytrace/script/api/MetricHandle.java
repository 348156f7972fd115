package dev.polytrace.script.api;

import dev.polytrace.script.metrics.Metric;
import dev.polytrace.script.metrics.MetricsException;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * What the handles of every metric kind share: the exported name, and one way to read a call's
 * arguments ({@link MetricArguments}: label values, amount) and to turn an update the metric
 * refuses into a handler error naming the metric and the call.
 *
 * <p>Handle methods take zero, one or two arguments rather than varargs, because a lone array
 * argument to a varargs host method is spread into the arguments ({@code inc(['bash'])} would
 * lose its list).
 */
public abstract sealed class MetricHandle permits IncrementingHandle, HistogramHandle {
    /** The metric's exposed name. */
    @HostAccess.Export
    public final String name;

    private final String kind;
    private final Metric metric;

    MetricHandle(String kind, Metric metric) {
        this.kind = kind;
        this.metric = metric;
        this.name = metric.name();
    }

    /** An update of the metric from a call's arguments; {@code where} names the call in errors. */
    interface Update {
        void apply(MetricArguments arguments, String where);
    }

    /** Runs {@code op} ("inc", "set", ...) with the handler's arguments. */
    final void update(String op, Value[] args, Update update) {
        String where = kind + " " + name + "." + op;
        MetricArguments arguments = MetricArguments.parse(where, metric.labelNames(), args);
        try {
            update.apply(arguments, where);
        } catch (MetricsException e) {
            throw new HandlerApiException(e.getMessage(), e);
        }
    }
}
