package dev.polytrace.host.repl;

import dev.polytrace.bpf.BpfObject;
import dev.polytrace.script.api.HandlerEnvironment;
import dev.polytrace.script.api.HandlerLog;
import dev.polytrace.script.api.LogLevel;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.symbols.Symbolizer;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The host side of the prompt's {@code ctx}: it follows whatever tracer is loaded now, so
 * {@code ctx.maps} and {@code ctx.params} change with {@code :load} and {@code :unload} without
 * rebinding anything; {@code ctx.emit} records join the tracer's buffered events.
 */
final class ReplEnvironment implements HandlerEnvironment {
    static final String EMIT_STREAM = "emit";
    private static final byte[] NO_BYTES = new byte[0];

    private final Supplier<LoadedTracer> tracer;
    private final MetricsRegistry metrics;
    private final Symbolizer symbolizer;
    private final HandlerLog log;

    ReplEnvironment(Supplier<LoadedTracer> tracer, MetricsRegistry metrics, Symbolizer symbolizer, HandlerLog log) {
        this.tracer = tracer;
        this.metrics = metrics;
        this.symbolizer = symbolizer;
        this.log = log;
    }

    @Override
    public Map<String, Object> params() {
        LoadedTracer t = tracer.get();
        return t == null ? Map.of() : t.paramValues();
    }

    @Override
    public Optional<BpfObject> object() {
        return Optional.ofNullable(tracer.get()).map(LoadedTracer::object);
    }

    @Override
    public void emit(Map<String, Object> record) {
        LoadedTracer t = tracer.get();
        if (t != null) {
            t.events().add(EMIT_STREAM, record, NO_BYTES);
        } else {
            log.log(LogLevel.INFO, "emit (no tracer loaded, not kept): " + record);
        }
    }

    @Override
    public MetricsRegistry metrics() {
        return metrics;
    }

    @Override
    public Symbolizer symbolizer() {
        return symbolizer;
    }

    @Override
    public HandlerLog log() {
        return log;
    }
}
