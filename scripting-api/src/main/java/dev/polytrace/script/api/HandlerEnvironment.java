package dev.polytrace.script.api;

import dev.polytrace.bpf.BpfObject;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.symbols.Symbolizer;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link HandlerContext} needs from the host running the tracer. Implemented by the host;
 * every value crossing this interface is plain Java (no guest values).
 */
public interface HandlerEnvironment {
    /** The default of {@link #maxEmitBytes()}: 1 MiB. */
    long DEFAULT_MAX_EMIT_BYTES = 1 << 20;

    /** Parameter name to its current value (Long, String, Boolean, ...), as {@code ctx.params} shows it. */
    Map<String, Object> params();

    /** The tracer's loaded object, whose maps are {@code ctx.maps}; empty for a handler without one. */
    Optional<BpfObject> object();

    /**
     * One record from {@code ctx.emit}, to the run's output sink (table, JSON Lines, daemon
     * stream). The map is the handler's, converted: JSON-like values only, owned by the callee.
     */
    void emit(Map<String, Object> record);

    /**
     * The largest record {@code ctx.emit} takes, in bytes of JSON: a larger one is refused with an
     * error naming its size, before it is copied whole, so that one record cannot fill the heap.
     */
    default long maxEmitBytes() {
        return DEFAULT_MAX_EMIT_BYTES;
    }

    /** The tracer's metrics ({@code ctx.metrics}). */
    MetricsRegistry metrics();

    /** Address names for {@code ctx.ksym} and {@code ctx.usym}, usually {@link Symbolizer#system()}. */
    Symbolizer symbolizer();

    /** Where {@code ctx.log} goes (and, wired by the host, the guest's stdout and stderr). */
    HandlerLog log();
}
