package dev.polytrace.script.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code ctx.params}: the tracer's parameters by name ({@code ctx.params.target_pid},
 * {@code ctx.params['target_pid']}), read live from the host. Read-only: parameters are given
 * when the tracer starts, and changing them from a handler would not reach the kernel side.
 */
final class ContextParams extends DictProxy {
    private final Supplier<Map<String, Object>> params;

    ContextParams(Supplier<Map<String, Object>> params) {
        this.params = params;
    }

    /** The current values, copied. */
    Map<String, Object> snapshot() {
        return new LinkedHashMap<>(params.get());
    }

    @Override
    public Collection<String> names() {
        return params.get().keySet();
    }

    @Override
    public boolean has(String name) {
        return params.get().containsKey(name);
    }

    @Override
    public Object read(String name) {
        return GuestValues.toGuest(params.get().get(name));
    }

    @Override
    public HandlerApiException readOnly(String name) {
        return new HandlerApiException("ctx.params is read-only: '" + name + "' cannot be set from a handler;"
                + " parameters are given when the tracer starts (--param " + name + "=VALUE)");
    }

    @Override
    public String toString() {
        return "ctx.params " + params.get();
    }
}
