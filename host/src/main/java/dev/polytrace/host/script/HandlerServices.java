package dev.polytrace.host.script;

import dev.polytrace.script.api.HandlerLog;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.symbols.Symbolizer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the host lends a handler besides the event stream: {@code ctx.params}, {@code ctx.metrics},
 * {@code ctx.ksym}/{@code ctx.usym} and {@code ctx.log} (which also receives the guest's stdout and
 * stderr). The metrics registry belongs to the tracer, so it outlives a hot-swapped handler.
 */
public record HandlerServices(Map<String, Object> params, MetricsRegistry metrics, Symbolizer symbolizer,
                              HandlerLog log) {
    public HandlerServices {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(symbolizer, "symbolizer");
        Objects.requireNonNull(log, "log");
    }

    /** A fresh metrics registry and this machine's symbols. */
    public static HandlerServices of(Map<String, Object> params, HandlerLog log) {
        return new HandlerServices(params, new MetricsRegistry(), Symbolizer.system(), log);
    }
}
